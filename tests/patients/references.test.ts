import { afterAll, describe, expect, it } from 'vitest';
import { patientReferences } from '../../src-main/patients/references';
import { freshCareDesk } from '../support/store';

// The store as migrations build it: every table any feature has added.
const app = freshCareDesk({ signedInAs: null });
afterAll(() => app.dispose());

interface Column {
  table: string;
  column: string;
}

function tables(): string[] {
  return (
    app.store.sqlite
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name NOT LIKE '__drizzle%'",
      )
      .all() as Array<{ name: string }>
  ).map((t) => t.name);
}

/** A column holding a patient id: named so, or a foreign key to `patients`. */
function patientColumns(): Column[] {
  const found: Column[] = [];
  for (const table of tables()) {
    const columns = app.store.sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{
      name: string;
    }>;
    const keys = app.store.sqlite
      .prepare(`SELECT "from", "table" FROM pragma_foreign_key_list(?)`)
      .all(table) as Array<{ from: string; table: string }>;
    for (const { name } of columns) {
      const named = /(^|_)patient_ids?$/.test(name);
      const keyed = keys.some((k) => k.from === name && k.table === 'patients');
      if (named || keyed) found.push({ table, column: name });
    }
  }
  return found;
}

describe('every patient column is known to a merge', () => {
  it('each column holding a patient id is registered as re-pointed or kept, with a reason to keep it', () => {
    const known = new Set(patientReferences().map((r) => `${r.table}.${r.column}`));
    const forgotten = patientColumns()
      .map((c) => `${c.table}.${c.column}`)
      .filter((c) => !known.has(c));
    // A new feature with a patient column: register it next to its table with
    // registerPatientReference (mode 'repoint' if it follows the person, 'keep' if not).
    expect(forgotten).toEqual([]);
    expect(patientColumns().length).toBeGreaterThan(10);
  });

  it('every registered reference names a real column, so a rename cannot leave a merge moving nothing', () => {
    const missing = patientReferences()
      .filter((r) => {
        const columns = app.store.sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(r.table) as Array<{
          name: string;
        }>;
        return !columns.some((c) => c.name === r.column);
      })
      .map((r) => `${r.table}.${r.column}`);
    expect(missing).toEqual([]);
  });

  it('the rows that belong with the person follow them; history and each record’s own demographics stay', () => {
    const modes = Object.fromEntries(patientReferences().map((r) => [`${r.table}.${r.column}`, r.mode]));
    expect(modes).toMatchObject({
      'tasks.patient_id': 'repoint',
      'appointments.patient_id': 'repoint',
      'waitlist_entries.patient_id': 'repoint',
      'call_log_entries.patient_id': 'keep',
      'audit_events.patient_ids': 'keep',
      'patient_phones.patient_id': 'keep',
    });
  });
});
