import type { ComponentType } from 'react';
import { RecentCallsPanel } from '../calls/RecentCallsPanel';
import { UpcomingAppointmentsPanel } from '../schedule/UpcomingAppointmentsPanel';
import { OpenTasksPanel } from '../tasks/OpenTasksPanel';

/** A panel another feature shows on the chart overview, with what it knows about this patient. */
export interface ChartPanel {
  id: string;
  title: string;
  Panel: ComponentType<{ patientId: string }>;
}

const PANELS: readonly ChartPanel[] = [
  { id: 'appointments', title: 'Upcoming appointments', Panel: UpcomingAppointmentsPanel },
  { id: 'calls', title: 'Recent calls', Panel: RecentCallsPanel },
  { id: 'tasks', title: 'Open tasks', Panel: OpenTasksPanel },
];

/** The chart's appointments, calls and tasks, each read (and audited) by its own feature. */
export function chartPanels(): readonly ChartPanel[] {
  return PANELS;
}
