import { describe, expect, it, vi } from 'vitest';
import { HybridLogicalClock } from '../../src-shared/hlc';
import type { Appointment } from '../../src-shared/schedule/schemas';
import { rotateEpoch } from '../../src-server/db/connect';
import { pruneSyncHistory } from '../../src-server/sync/prune';
import { changeAppointment, insertAppointment } from '../../src-main/schedule/appointments';
import { UNSENT } from '../../src-main/store/outbox.table';
import { hubForEachTest } from '../support/hub';
import { tentativeFollowUp } from '../support/schedule-rows';
import { fromWindow } from '../support/store';
import { syncedState } from '../support/synced-state';
import { editPatient, type TestWorkstation } from '../support/workstation';

const env = hubForEachTest('Faults');

async function register(ws: TestWorkstation, lastName: string) {
  const created = await ws.router(
    'patients.create',
    { firstName: 'Rosa', lastName, dateOfBirth: '11/30/1958', phone: '(508) 555-0142' },
    fromWindow,
  );
  if (!created.ok) throw new Error(created.error.message);
  return (created.value as { id: string }).id;
}

const hubCount = async (sql: string) => Number((await env.hub.query<{ n: string }>(sql, [env.clinic.orgId]))[0]!.n);

describe('lost answers, restarts and restores', () => {
  it('a response lost after the hub committed is harmless: the retry is answered from the record', async () => {
    const ws = await env.workstation('front');
    const id = await register(ws, 'Castellanos');
    const queued = ws.sync.status().pending;
    ws.network.loseAnswers = 1;
    const lost = await ws.sync.syncNow();
    expect(lost.state).toBe('offline');
    expect(lost.lastError).toMatch(/cannot be reached/);
    expect(lost.pending).toBe(queued);
    // The hub did commit.
    expect(await hubCount(`SELECT count(*) AS n FROM change_results WHERE org_id = $1`)).toBe(queued);

    const retried = await ws.sync.syncNow();
    expect(retried).toMatchObject({ state: 'online', pending: 0, lastError: null });
    expect(await hubCount(`SELECT count(*) AS n FROM change_results WHERE org_id = $1`)).toBe(queued);
    expect(await hubCount(`SELECT count(*) AS n FROM batches WHERE org_id = $1`)).toBe(1);
    expect(
      await hubCount(`SELECT count(*) AS n FROM records WHERE org_id = $1 AND table_name = 'patients' AND NOT deleted`),
    ).toBe(1);
    expect(ws.patients.get(id).patient.lastName).toBe('Castellanos');
    expect(ws.sync.reviewItems()).toEqual([]);
  });

  it('a hub restarted in the middle of a sync loses nothing; the workstations catch up', async () => {
    const a = await env.workstation('a');
    const b = await env.workstation('b');
    for (let i = 0; i < 20; i++) await register(a, `Restart${String.fromCharCode(65 + i)}`);
    const inFlight = a.sync.syncNow();
    await env.hub.restart();
    await inFlight;
    for (const ws of [a, b, a, b]) await ws.sync.syncNow();
    expect(a.sync.status()).toMatchObject({ state: 'online', pending: 0 });
    expect(syncedState(a)).toEqual(syncedState(b));
    expect((syncedState(b).patients ?? []).length).toBe(20);
  });

  it('a hub restored from a backup is detected by its new epoch; acknowledged changes are sent again', async () => {
    const a = await env.workstation('a');
    const b = await env.workstation('b');
    await register(a, 'BeforeBackup');
    await a.sync.syncNow();
    const backup = await env.hub.backup();
    const lost = await register(a, 'AfterBackup');
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect(a.sync.status().pending).toBe(0);

    // Disaster: the hub's database comes back from the backup, and IT turns the epoch.
    await env.hub.restore(backup);
    await rotateEpoch(env.hub.database.db);
    expect(await hubCount(`SELECT count(*) AS n FROM records WHERE org_id = $1 AND row_id = '${lost}'`)).toBe(0);

    for (const ws of [a, b, a, b]) expect((await ws.sync.syncNow()).state).toBe('online');
    expect(await hubCount(`SELECT count(*) AS n FROM records WHERE org_id = $1 AND row_id = '${lost}'`)).toBe(1);
    expect(syncedState(a)).toEqual(syncedState(b));
    expect(b.patients.get(lost).patient.lastName).toBe('AfterBackup');
  });

  it('a restore nobody announced is caught by the batch numbers going back', async () => {
    const a = await env.workstation('a');
    await register(a, 'One');
    await a.sync.syncNow();
    const backup = await env.hub.backup();
    const lost = await register(a, 'Two');
    await a.sync.syncNow();
    await env.hub.restore(backup);
    await register(a, 'Three');
    expect((await a.sync.syncNow()).state).toBe('online');
    expect(await hubCount(`SELECT count(*) AS n FROM records WHERE org_id = $1 AND row_id = '${lost}'`)).toBe(1);
    expect(a.sync.status().pending).toBe(0);
  });
});

describe('clocks', () => {
  /** The workstation's clock reads `offsetMs` away from the truth (its OS clock is wrong). */
  function skewClock(ws: TestWorkstation, offsetMs: number) {
    const clock = new HybridLogicalClock(ws.store.deviceId, () => Date.now() + offsetMs);
    Object.defineProperty(ws.store, 'clock', { value: clock });
  }
  const WEEK = 7 * 24 * 3_600_000;

  it('a workstation 7 days slow still wins the edits it made after seeing the others', async () => {
    const a = await env.workstation('slow');
    const b = await env.workstation('right');
    skewClock(a, -WEEK);
    const id = await register(b, 'Hollis');
    await b.sync.syncNow();
    await a.sync.syncNow();
    editPatient(a, id, (i) => (i.identity.preferredName = 'Holly'));
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect(b.patients.get(id).intake.identity.preferredName).toBe('Holly');
    expect(b.sync.reviewItems()).toEqual([]);
  });

  it('a workstation 7 days fast has its changes refused, listed for review, and is put back in step', async () => {
    const fast = await env.workstation('fast');
    const right = await env.workstation('right');
    const id = await register(right, 'Quarles');
    await right.sync.syncNow();
    await fast.sync.syncNow();
    skewClock(fast, WEEK);
    editPatient(fast, id, (i) => (i.identity.preferredName = 'Q'));
    await fast.sync.syncNow();
    await fast.sync.syncNow();
    const refused = fast.sync.reviewItems().filter((i) => i.kind === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((i) => i.reason === 'clock_ahead')).toBe(true);
    // The hub's version came back: both agree again, and the refused edit waits on the worklist.
    expect(fast.patients.get(id).intake.identity.preferredName).toBeNull();
    await right.sync.syncNow();
    expect(syncedState(fast).patients).toEqual(syncedState(right).patients);
  });
});

describe('bookings', () => {
  /** A follow-up that needs room 2, booked offline. */
  const appointment = (patientId: string, startsAt: string, endsAt: string) =>
    tentativeFollowUp(patientId, { startsAt, endsAt, resourceIds: ['room-2'] });
  const book = (ws: TestWorkstation, a: Appointment) =>
    ws.store.write((tx) => insertAppointment(ws.store, tx, a, ws.actor));

  it('the same slot booked on two offline workstations: one confirmed, one rebook task, never a double booking', async () => {
    const a = await env.workstation('a');
    const b = await env.workstation('b');
    const p1 = await register(a, 'First');
    const p2 = await register(b, 'Second');
    for (const ws of [a, b, a]) await ws.sync.syncNow();
    a.network.online = false;
    b.network.online = false;
    const mine = book(a, appointment(p1, '2026-12-01T15:00:00.000Z', '2026-12-01T15:30:00.000Z'));
    const theirs = book(b, appointment(p2, '2026-12-01T15:15:00.000Z', '2026-12-01T15:45:00.000Z'));
    a.network.online = true;
    b.network.online = true;
    for (const ws of [a, b, a, b]) await ws.sync.syncNow();

    const active = await env.hub.query<{ id: string }>(
      `SELECT id FROM appointments WHERE org_id = $1 AND status <> 'cancelled'`,
      [env.clinic.orgId],
    );
    expect(active).toEqual([{ id: mine.id }]);
    const hubState = (ws: TestWorkstation, id: string) =>
      (ws.store.sqlite.prepare('SELECT hub_state FROM appointments WHERE id = ?').get(id) as { hub_state: string })
        .hub_state;
    for (const ws of [a, b]) {
      expect(hubState(ws, mine.id)).toBe('confirmed');
      expect(hubState(ws, theirs.id)).toBe('rejected');
      const rebooks = ws.sync.reviewItems().filter((i) => i.kind === 'rebook');
      expect(rebooks.map((r) => [r.rowId, r.patientIds, r.assignedUserId])).toEqual([
        [theirs.id, [p2], b.actor.userId],
      ]);
      // One task to call the patient back, made where the booking was made, on every worklist.
      const rebookTasks = ws.store.sqlite
        .prepare(`SELECT patient_id, assignee_pool, source_kind, source_id, status FROM tasks WHERE kind = 'rebook'`)
        .all();
      expect(rebookTasks).toEqual([
        {
          patient_id: p2,
          assignee_pool: 'coordinators',
          source_kind: 'appointment',
          source_id: theirs.id,
          status: 'open',
        },
      ]);
    }
    expect(syncedState(a)).toEqual(syncedState(b));
  });

  it('a reschedule onto a taken slot is refused and moved back; a cancellation frees the slot', async () => {
    const a = await env.workstation('a');
    const p = await register(a, 'Mover');
    const first = book(a, appointment(p, '2026-12-02T14:00:00.000Z', '2026-12-02T14:30:00.000Z'));
    const second = book(a, appointment(p, '2026-12-02T15:00:00.000Z', '2026-12-02T15:30:00.000Z'));
    await a.sync.syncNow();
    a.store.write((tx) =>
      changeAppointment(
        a.store,
        tx,
        second.id,
        { startsAt: '2026-12-02T14:15:00.000Z', endsAt: '2026-12-02T14:45:00.000Z' },
        'reschedule',
        a.actor,
      ),
    );
    await a.sync.syncNow();
    const row = a.store.sqlite.prepare('SELECT starts_at FROM appointments WHERE id = ?').get(second.id);
    expect(row).toEqual({ starts_at: '2026-12-02T15:00:00.000Z' });
    expect(a.sync.reviewItems().map((i) => [i.kind, i.rowId])).toContainEqual(['rebook', second.id]);
    expect(a.store.sqlite.prepare(`SELECT source_id FROM tasks WHERE kind = 'rebook'`).all()).toEqual([
      { source_id: second.id },
    ]);

    a.store.write((tx) =>
      changeAppointment(
        a.store,
        tx,
        first.id,
        { status: 'cancelled', cancelReason: 'Patient request' },
        'cancel',
        a.actor,
      ),
    );
    a.store.write((tx) =>
      changeAppointment(
        a.store,
        tx,
        second.id,
        { startsAt: '2026-12-02T14:00:00.000Z', endsAt: '2026-12-02T14:30:00.000Z' },
        'reschedule',
        a.actor,
      ),
    );
    await a.sync.syncNow();
    const ledger = await env.hub.query(
      `SELECT id, status, starts_at FROM appointments WHERE org_id = $1 ORDER BY status`,
      [env.clinic.orgId],
    );
    expect(ledger).toEqual([
      { id: second.id, status: 'booked', starts_at: new Date('2026-12-02T14:00:00.000Z') },
      { id: first.id, status: 'cancelled', starts_at: new Date('2026-12-02T14:00:00.000Z') },
    ]);
  });

  it('PostgreSQL itself refuses an overlapping booking of one provider', async () => {
    const insert = (id: string, start: string, end: string) =>
      env.hub.query(
        `INSERT INTO appointments (org_id, id, provider_id, patient_id, starts_at, ends_at, status, device_id)
         VALUES ($1, $2, 'prov-x', 'pat', $3, $4, 'booked', 'dev')`,
        [env.clinic.orgId, id, start, end],
      );
    await insert('one', '2026-12-03T10:00:00Z', '2026-12-03T10:30:00Z');
    await insert('adjacent', '2026-12-03T10:30:00Z', '2026-12-03T11:00:00Z');
    await expect(insert('overlap', '2026-12-03T10:20:00Z', '2026-12-03T10:40:00Z')).rejects.toMatchObject({
      code: '23P01',
    });
  });
});

describe('in the background', () => {
  it('an edit reaches the other workstation through the push notice, without waiting for the timer', async () => {
    const a = await env.workstation('a', { background: true });
    const b = await env.workstation('b', { background: true });
    await vi.waitFor(() => expect(b.sync.status().state).toBe('online'), { timeout: 10_000 });
    const id = await register(a, 'Noticed');
    await vi.waitFor(
      () => expect(b.store.sqlite.prepare('SELECT id FROM patients WHERE id = ?').get(id)).toBeTruthy(),
      {
        timeout: 10_000,
        interval: 50,
      },
    );
    await vi.waitFor(() => expect(a.sync.status()).toMatchObject({ state: 'online', pending: 0 }), { timeout: 10_000 });
  });

  it('a hub restarted while workstations hold their notice streams stops at once; they reconnect and hear the next change', async () => {
    const a = await env.workstation('a', { background: true });
    const b = await env.workstation('b', { background: true });
    await vi.waitFor(() => expect(b.sync.status().state).toBe('online'), { timeout: 10_000 });
    // The hub ends the open streams itself: a stop that waited for the workstations would never end.
    await env.hub.restart();
    const id = await register(a, 'Reconnected');
    // b's timer pull is 30 s away: only its reconnected notice stream brings the change this soon.
    await vi.waitFor(
      () => expect(b.store.sqlite.prepare('SELECT id FROM patients WHERE id = ?').get(id)).toBeTruthy(),
      { timeout: 10_000, interval: 50 },
    );
  });

  it('keeps working cut off, reports offline with the pending count, and catches up when the hub returns', async () => {
    const a = await env.workstation('a', { background: true });
    await vi.waitFor(() => expect(a.sync.status().state).toBe('online'), { timeout: 10_000 });
    a.network.online = false;
    await register(a, 'Offline');
    await vi.waitFor(() => expect(a.sync.status().state).toBe('offline'), { timeout: 10_000 });
    expect(a.sync.status().pending).toBeGreaterThan(0);
    expect(a.sync.status().lastError).toMatch(/cannot be reached/);
    a.network.online = true;
    // Backoff with jitter brings it back by itself.
    await vi.waitFor(() => expect(a.sync.status()).toMatchObject({ state: 'online', pending: 0 }), {
      timeout: 20_000,
      interval: 100,
    });
  });
});

describe('the outbox', () => {
  it('acknowledged entries are pruned after the retention window; unsent and recent ones stay', async () => {
    const ws = await env.workstation('front');
    await register(ws, 'Oldentry');
    await ws.sync.syncNow();
    const outbox = () =>
      ws.store.sqlite.prepare(`SELECT seq, NOT (${UNSENT}) AS sent FROM outbox ORDER BY seq`).all() as Array<{
        seq: number;
        sent: number;
      }>;
    const acknowledged = outbox();
    expect(acknowledged.length).toBeGreaterThan(0);
    // Those changes were acknowledged 31 days ago; one more is acknowledged today and one waits, cut off.
    ws.store.sqlite
      .prepare('UPDATE outbox_acks SET acked_at = ?')
      .run(new Date(Date.now() - 31 * 24 * 60 * 60_000).toISOString());
    const recent = await register(ws, 'Recent');
    await ws.sync.syncNow();
    const recentSeqs = outbox()
      .filter((r) => r.seq > acknowledged.at(-1)!.seq)
      .map((r) => r.seq);
    ws.network.online = false;
    editPatient(ws, recent, (i) => (i.contact.email = 'recent@example.org'));
    await ws.sync.syncNow();

    const left = outbox();
    expect(left.filter((r) => r.seq <= acknowledged.at(-1)!.seq)).toEqual([]);
    expect(left.filter((r) => r.sent).map((r) => r.seq)).toEqual(recentSeqs);
    expect(left.filter((r) => !r.sent).length).toBeGreaterThan(0);

    // Pruning forgets nothing the hub needs: back online, the waiting edit goes out and the hub has it all.
    ws.network.online = true;
    expect(await ws.sync.syncNow()).toMatchObject({ state: 'online', pending: 0 });
    expect(await hubCount(`SELECT count(*) AS n FROM records WHERE org_id = $1 AND table_name = 'patients'`)).toBe(2);
  });
});

describe('hub history', () => {
  it('old batch answers and results are pruned, but each device keeps its latest batch, which still replays', async () => {
    const ws = await env.workstation('front');
    for (const name of ['Uno', 'Dos']) {
      await register(ws, name);
      await ws.sync.syncNow();
    }
    // The third batch commits at the hub but its answer is lost; then it all ages past the window.
    await register(ws, 'Tres');
    ws.network.loseAnswers = 1;
    expect((await ws.sync.syncNow()).state).toBe('offline');
    expect(await hubCount(`SELECT count(*) AS n FROM batches WHERE org_id = $1`)).toBe(3);
    for (const table of ['batches', 'change_results'])
      await env.hub.query(`UPDATE ${table} SET created_at = now() - interval '40 days' WHERE org_id = $1`, [
        env.clinic.orgId,
      ]);
    const pruned = await pruneSyncHistory(env.hub.database.db, new Date(Date.now() - 30 * 86_400_000));
    expect(pruned.batches).toBe(2);
    expect(pruned.results).toBeGreaterThan(0);
    expect(
      await env.hub.query(`SELECT batch_seq::int AS batch_seq FROM batches WHERE org_id = $1`, [env.clinic.orgId]),
    ).toEqual([{ batch_seq: 3 }]);
    // The retry of the lost batch is answered from the kept record; nothing is applied twice.
    expect(await ws.sync.syncNow()).toMatchObject({ state: 'online', pending: 0 });
    expect(await hubCount(`SELECT count(*) AS n FROM records WHERE org_id = $1 AND table_name = 'patients'`)).toBe(3);
    expect(await hubCount(`SELECT count(*) AS n FROM batches WHERE org_id = $1`)).toBe(1);
  });
});
