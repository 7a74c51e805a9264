import { afterEach, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { addUser, freshCareDesk, fromWindow, TEST_PASSWORD, type TestCareDesk } from '../support/store';

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

type Call = (channel: string, input?: unknown) => ReturnType<TestCareDesk['router']>;

async function clinicDay(): Promise<{ app: TestCareDesk; call: Call; patientIds: string[] }> {
  const app = freshCareDesk({ signedInAs: null });
  disposers.push(() => app.dispose());
  addUser(app, 'admin', 'it.admin');
  addUser(app, 'coordinator', 'maria');
  addUser(app, 'coordinator', 'dev');
  const call = (channel: string, input: unknown = {}) => app.router(channel, input, fromWindow);
  const patientIds: string[] = [];
  for (const [user, last] of [
    ['maria', 'Byron'],
    ['dev', 'Hopper'],
    ['maria', 'Turing'],
  ] as const) {
    await call('session.signIn', { username: user, password: TEST_PASSWORD });
    const created = await call('patients.create', {
      firstName: 'Pat',
      lastName: last,
      dateOfBirth: '01/02/1970',
      phone: '6175550100',
    });
    patientIds.push((created as { value: { id: string } }).value.id);
  }
  await call('session.signIn', { username: 'nobody', password: 'wrong password' });
  await call('session.signIn', { username: 'it.admin', password: TEST_PASSWORD });
  return { app, call, patientIds };
}

type Page = {
  entries: Array<{ seq: number; action: string; username: string | null; patientIds: string[] }>;
  total: number;
};

describe('the audit screen’s channels', () => {
  it('lists newest first, one page at a time, with the total', async () => {
    const { call } = await clinicDay();
    const first = (await call('audit.list', { limit: 3 })) as { ok: true; value: Page };
    expect(first.value.total).toBe(3 * 2 + 3 + 1 + 1); // sign-in+create per patient, 2 switch sign-outs, failure, admin
    expect(first.value.entries.map((e) => e.action)).toEqual(['sign-in', 'sign-out', 'failed-sign-in']);
    // Reading the first page added its own entry on top, so the next page starts one later.
    const second = (await call('audit.list', { limit: 3, offset: 4 })) as { ok: true; value: Page };
    expect(second.value.total).toBe(first.value.total + 1);
    expect(second.value.entries[0]!.seq).toBe(first.value.entries[2]!.seq - 1);
  });

  it('records every reading of the audit: a page is a view, a filtered page a search, the check a view', async () => {
    const { app, call, patientIds } = await clinicDay();
    const trail = () =>
      app.store.sqlite
        .prepare('SELECT action, channel, username, patient_ids AS patients FROM audit_events ORDER BY seq')
        .all()
        .slice(-3);
    await call('audit.list', {});
    await call('audit.list', { patientId: patientIds[1], action: 'create' });
    await call('audit.verify');
    expect(trail()).toEqual([
      { action: 'view', channel: 'audit.list', username: 'it.admin', patients: '[]' },
      { action: 'search', channel: 'audit.list', username: 'it.admin', patients: JSON.stringify([patientIds[1]]) },
      { action: 'view', channel: 'audit.verify', username: 'it.admin', patients: '[]' },
    ]);
    // The records of reading are chained like every other entry.
    expect(await call('audit.verify')).toMatchObject({ ok: true, value: { intact: true } });
  });

  it('filters by user, action, patient and time, combined', async () => {
    const { call, patientIds } = await clinicDay();
    const list = async (filter: object) => ((await call('audit.list', filter)) as { ok: true; value: Page }).value;
    expect((await list({ username: 'Maria', action: 'create' })).entries.map((e) => e.patientIds[0])).toEqual([
      patientIds[2],
      patientIds[0],
    ]);
    expect((await list({ patientId: patientIds[1] })).entries).toEqual([
      expect.objectContaining({ action: 'create', username: 'dev' }),
    ]);
    expect((await list({ action: 'failed-sign-in' })).entries).toEqual([
      expect.objectContaining({ username: 'nobody' }),
    ]);
    expect((await list({ to: '2000-01-01T00:00:00Z' })).total).toBe(0);
    expect((await list({ from: new Date(Date.now() - 60_000).toISOString() })).total).toBeGreaterThan(0);
  });

  it('refuses a malformed filter with the field named, and lists nothing', async () => {
    const { call } = await clinicDay();
    const result = await call('audit.list', { from: 'yesterday', action: 'steal' });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(Object.keys((!result.ok && result.error.fields) || {}).sort()).toEqual(['action', 'from']);
  });

  it('exports the filtered audit as CSV with its hashes, and records the export', async () => {
    const { app, call } = await clinicDay();
    const exported = (await call('audit.export', { action: 'create' })) as {
      ok: true;
      value: { filename: string; csv: string; count: number };
    };
    expect(exported.value.filename).toMatch(/^caredesk-audit-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.csv$/);
    const rows = Papa.parse<Record<string, string>>(exported.value.csv, { header: true }).data;
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.username)).toEqual(['maria', 'dev', 'maria']);
    expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    const last = app.store.sqlite
      .prepare('SELECT action, channel, username FROM audit_events ORDER BY seq DESC LIMIT 1')
      .get();
    expect(last).toEqual({ action: 'export', channel: 'audit.export', username: 'it.admin' });
  });

  it('verifies the chain from the admin screen', async () => {
    const { call } = await clinicDay();
    expect(await call('audit.verify')).toMatchObject({ ok: true, value: { intact: true, entries: 11, problems: [] } });
  });

  it('is for admins only: a coordinator is refused and nothing is exported or recorded', async () => {
    const { app, call } = await clinicDay();
    await call('session.signIn', { username: 'maria', password: TEST_PASSWORD });
    const count = () => (app.store.sqlite.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;
    const before = count();
    for (const channel of ['audit.list', 'audit.export', 'audit.verify']) {
      expect(await call(channel), channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(count()).toBe(before);
  });
});
