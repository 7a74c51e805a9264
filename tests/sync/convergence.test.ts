import { describe, expect, it } from 'vitest';
import { hubForEachTest } from '../support/hub';
import { editPatient, type TestWorkstation } from '../support/workstation';
import { fromWindow } from '../support/store';
import { syncedState } from '../support/synced-state';

// The sync worklist is the whole clinic's: each test gets a clinic of its own.
const env = hubForEachTest('Clinic');

async function register(ws: TestWorkstation, firstName: string, lastName: string) {
  const created = await ws.router(
    'patients.create',
    { firstName, lastName, dateOfBirth: '04/02/1971', phone: '(617) 555-0190' },
    fromWindow,
  );
  if (!created.ok) throw new Error(created.error.message);
  return created.value as { id: string };
}

describe('two workstations and the hub', () => {
  it('a patient registered on one workstation can be found on the other after sync', async () => {
    const front = await env.workstation('front desk');
    const back = await env.workstation('back office');
    const patient = await register(front, 'Odalys', 'Fairweather');
    expect((await front.sync.syncNow()).state).toBe('online');
    expect((await back.sync.syncNow()).pending).toBe(0);
    const found = await back.router('patients.search', { query: 'fairweather' }, fromWindow);
    expect(found.ok && found.value).toEqual([expect.objectContaining({ id: patient.id, firstName: 'Odalys' })]);
    expect(front.sync.status()).toMatchObject({ state: 'online', pending: 0, lastError: null });
  });

  it('edits made on both while cut off converge, and a same-field clash is kept for review', async () => {
    const a = await env.workstation('exam 1');
    const b = await env.workstation('exam 2');
    const { id } = await register(a, 'Priya', 'Anand');
    await a.sync.syncNow();
    await b.sync.syncNow();

    a.network.online = false;
    b.network.online = false;
    editPatient(a, id, (i) => (i.contact.email = 'priya@example.org'));
    editPatient(b, id, (i) => (i.identity.preferredName = 'Pri'));
    editPatient(a, id, (i) => (i.identity.pronouns = 'she/her'));
    // The clash: both change the same field to different values, B later.
    editPatient(a, id, (i) => (i.contact.preferredTimes = 'mornings'));
    editPatient(b, id, (i) => (i.contact.preferredTimes = 'after 5pm'));
    expect((await a.sync.syncNow()).state).toBe('offline');
    expect(a.sync.status().pending).toBeGreaterThan(0);

    a.network.online = true;
    b.network.online = true;
    for (const ws of [a, b, a, b]) await ws.sync.syncNow();

    expect(syncedState(a)).toEqual(syncedState(b));
    const { intake } = a.patients.get(id);
    expect(intake.contact.email).toBe('priya@example.org');
    expect(intake.identity).toMatchObject({ preferredName: 'Pri', pronouns: 'she/her' });
    expect(intake.contact.preferredTimes).toBe('after 5pm');
    for (const ws of [a, b]) {
      const items = ws.sync.reviewItems();
      expect(items.map((i) => [i.kind, i.table, i.rowId, i.patientIds])).toEqual([['conflict', 'patients', id, [id]]]);
      expect(items[0]!.details).toMatchObject({
        field: 'preferredContactTimes',
        kept: { value: 'after 5pm' },
        lost: { value: 'mornings' },
      });
      expect(ws.sync.status()).toMatchObject({ pending: 0, openReviewItems: 1 });
    }

    // A coordinator on A picks A's value: it becomes an edit that syncs, and the item leaves both worklists.
    const [item] = a.sync.reviewItems();
    const restored = await a.router('sync.resolve', { id: item!.id, choice: 'restore' }, fromWindow);
    expect(restored.ok).toBe(true);
    expect(a.sync.reviewItems(true).find((i) => i.id === item!.id)?.resolvedAt).toBeTruthy();
    const again = await a.router('sync.resolve', { id: item!.id, choice: 'acknowledge' }, fromWindow);
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    for (const ws of [a, b, a]) await ws.sync.syncNow();
    for (const ws of [a, b]) {
      expect(ws.patients.get(id).intake.contact.preferredTimes).toBe('mornings');
      expect(ws.sync.reviewItems()).toEqual([]);
      expect(ws.sync.status()).toMatchObject({ pending: 0, openReviewItems: 0 });
    }
    expect(syncedState(a)).toEqual(syncedState(b));
  });

  it('a worklist item that does not exist, or a side to pick where there is none, is refused and changes nothing', async () => {
    const a = await env.workstation('desk');
    const missing = await a.router('sync.resolve', { id: 'no-such-item', choice: 'acknowledge' }, fromWindow);
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const malformed = await a.router('sync.resolve', { id: 'x', choice: 'mine' }, fromWindow);
    expect(malformed).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('an edit made after seeing the other workstation’s edit wins without a conflict', async () => {
    const a = await env.workstation('desk a');
    const b = await env.workstation('desk b');
    const { id } = await register(a, 'Tomasz', 'Wiśniewski');
    await a.sync.syncNow();
    await b.sync.syncNow();
    editPatient(a, id, (i) => (i.contact.preferredTimes = 'noon'));
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect(b.patients.get(id).intake.contact.preferredTimes).toBe('noon');
    editPatient(b, id, (i) => (i.contact.preferredTimes = 'evenings'));
    await b.sync.syncNow();
    await a.sync.syncNow();
    expect(a.patients.get(id).intake.contact.preferredTimes).toBe('evenings');
    expect(a.sync.reviewItems()).toEqual([]);
  });
});
