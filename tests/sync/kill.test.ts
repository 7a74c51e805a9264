import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { UNSENT, outboxChangeId } from '../../src-main/store/outbox.table';
import { createClinic, startTestHub, type TestHub } from '../support/hub';
import { killableWorkstation } from './killed-workstation';

// Kill points (ms after the process is ready) spread over writes, pushes and pulls;
// each round starts a process, which is slow on a busy machine: the soak run kills more often.
const KILL_AFTER_MS =
  process.env.SYNC_SOAK === '1' ? [150, 400, 700, 1000, 1300, 1700, 250, 900, 1200, 600] : [300, 800, 1400];
const CHILD = fileURLToPath(new URL('./fixtures/busy-workstation.ts', import.meta.url));
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.stop());

it('a workstation killed with SIGKILL during push and pull loses nothing acknowledged and applies nothing twice', async () => {
  const clinic = await createClinic(hub, 'Kill');
  const workstation = await killableWorkstation(hub, clinic, 'killed often');
  try {
    for (const [round, ms] of KILL_AFTER_MS.entries()) {
      // The busy workstation runs until `ms` after it is ready.
      await workstation.runUntilKilled(CHILD, (line) => (line === 'ready' ? ms : null), {
        CAREDESK_TEST_START: String(round * 1000),
      });
      // Reopening runs SQLCipher's page authentication and SQLite's integrity check.
      const app = workstation.open();
      const acknowledged = (
        app.store.sqlite.prepare(`SELECT change_id FROM outbox WHERE NOT (${UNSENT})`).all() as {
          change_id: Uint8Array | string;
        }[]
      ).map((r) => outboxChangeId(r.change_id));
      const atHub = new Set(
        (
          await hub.query<{ change_id: string }>('SELECT change_id FROM change_results WHERE org_id = $1', [
            clinic.orgId,
          ])
        ).map((r) => r.change_id),
      );
      // Everything the workstation holds as acknowledged is at the hub.
      expect(acknowledged.filter((id) => !atHub.has(id))).toEqual([]);
      app.close();
    }

    const app = workstation.open();
    const final = await app.sync!.syncNow();
    expect(final).toMatchObject({ state: 'online', pending: 0 });
    const local = (app.store.sqlite.prepare('SELECT id FROM patients ORDER BY id').all() as { id: string }[]).map(
      (r) => r.id,
    );
    const remote = (
      await hub.query<{ row_id: string }>(
        `SELECT row_id FROM records WHERE org_id = $1 AND table_name = 'patients' AND NOT deleted ORDER BY row_id`,
        [clinic.orgId],
      )
    ).map((r) => r.row_id);
    expect(local.length).toBeGreaterThan(0);
    expect(remote).toEqual(local);
    // Each change was applied once: one result per outbox entry, no more.
    const outboxCount = (app.store.sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    const results = await hub.query<{ n: string }>('SELECT count(*) AS n FROM change_results WHERE org_id = $1', [
      clinic.orgId,
    ]);
    expect(Number(results[0]!.n)).toBe(outboxCount);
    app.close();
  } finally {
    workstation.dispose();
  }
}, 240_000);
