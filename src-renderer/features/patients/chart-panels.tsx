import type { ComponentType } from 'react';

/**
 * The places on the chart other features fill: upcoming appointments, recent calls,
 * open tasks. A feature registers its panel once at import time; until one does,
 * the chart says where that information will appear.
 */
export interface ChartPanel {
  id: 'appointments' | 'calls' | 'tasks' | (string & {});
  title: string;
  order: number;
  Panel: ComponentType<{ patientId: string }>;
}

const panels = new Map<string, ChartPanel>();

export function registerChartPanel(panel: ChartPanel): void {
  panels.set(panel.id, panel);
}

const placeholder = (what: string): ComponentType<{ patientId: string }> =>
  function Placeholder() {
    return <p className="placeholder">{what} will appear here once that part of CareDesk is set up.</p>;
  };

const DEFAULTS: ChartPanel[] = [
  { id: 'appointments', title: 'Upcoming appointments', order: 10, Panel: placeholder('Upcoming appointments') },
  { id: 'calls', title: 'Recent calls', order: 20, Panel: placeholder('Recent calls') },
  { id: 'tasks', title: 'Open tasks', order: 30, Panel: placeholder('Open tasks') },
];

export function chartPanels(): ChartPanel[] {
  const all = new Map(DEFAULTS.map((p) => [p.id, p]));
  for (const [id, p] of panels) all.set(id, p);
  return [...all.values()].sort((a, b) => a.order - b.order);
}
