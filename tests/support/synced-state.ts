import { SYNC_TABLES } from '../../src-shared/sync/tables';
import type { TestCareDesk } from './store';

/**
 * Every row of every table both workstations should agree on, in a stable order.
 * Bookkeeping that is rightly per workstation (when it was received, its hub
 * verdict while in flight) is left out by the tables' choice of columns.
 */
export function syncedState(app: TestCareDesk): Record<string, unknown[]> {
  const state: Record<string, unknown[]> = {};
  for (const [table, kind] of Object.entries(SYNC_TABLES)) {
    if (kind === 'hub-only' || table === 'review_items') continue;
    const exists = app.store.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table);
    if (!exists) continue;
    state[table] = app.store.sqlite.prepare(`SELECT * FROM "${table}" ORDER BY id`).all();
  }
  const review = app.store.sqlite
    .prepare(`SELECT id, kind, table_name, row_id, details FROM sync_review WHERE source = 'hub' ORDER BY id`)
    .all();
  return { ...state, review };
}
