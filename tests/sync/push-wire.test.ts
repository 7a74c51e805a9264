import { describe, expect, it } from 'vitest';
import type { PushRequest } from '../../src-shared/sync/protocol';
import { intakeSchema } from '../../src-shared/patients/intake';
import type { Fetch } from '../../src-main/sync/hub-client';
import { insertPatient } from '../../src-main/patients/table';
import type { Change } from '../../src-main/store/store';
import { hubForEachTest } from '../support/hub';
import { freshCareDesk } from '../support/store';
import { fullIntake } from '../patients/fixtures';

/*
 * The outbox stores a change smaller than the change itself (decisions 0039, 0043: an insert's
 * id, its field names, the stamp's node). None of that may reach the wire: the hub, of any
 * version, receives every change exactly as the write function made it.
 */
const env = hubForEachTest('Wire');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the push', () => {
  it('sends each change as it was written, whatever the outbox stored, and the patient arrives whole', async () => {
    const pushed: PushRequest['changes'] = [];
    const fetchFn: Fetch = (input, init) => {
      const url = input instanceof Request ? input.url : input.toString();
      if (url.endsWith('/v1/push') && typeof init?.body === 'string')
        pushed.push(...(JSON.parse(init.body) as PushRequest).changes);
      return fetch(input, init);
    };
    const front = env.keep(freshCareDesk({ hubUrl: env.hub.url, hubFetch: fetchFn, syncInBackground: false }));
    await front.sync!.enroll(await env.clinic.enrollmentCode(), 'front desk');
    const account = await front.sync!.signIn(env.clinic.username, env.clinic.password);
    const actor = { userId: account.id };

    // Every change as its write function made it, and the stamp it got.
    const written: Array<{ change: Change; fields: string; hlc: string }> = [];
    const record = front.store.recordChange.bind(front.store);
    front.store.recordChange = (tx, change, by) => {
      const hlc = record(tx, change, by);
      written.push({ change, fields: JSON.stringify(change.fields), hlc });
      return hlc;
    };
    // A full intake (the patient and a row of each child table), then an edit of it.
    const patient = front.store.write((tx) => insertPatient(front.store, tx, intakeSchema.parse(fullIntake()), actor));
    const edited = front.patients.get(patient.id).intake;
    edited.identity.preferredName = 'Majo';
    edited.contact.phones[1]!.voicemailOk = !edited.contact.phones[1]!.voicemailOk;
    front.patients.update(patient.id, edited, actor);
    expect(written.length).toBeGreaterThan(10);

    expect(await front.sync!.syncNow()).toMatchObject({ state: 'online', pending: 0, lastError: null });
    const mine = pushed.filter((c) => c.table !== 'audit_events');
    expect(mine.map((c) => ({ ...c, fields: JSON.stringify(c.fields) }))).toEqual(
      written.map(({ change, fields, hlc }) => ({
        changeId: expect.stringMatching(UUID) as unknown,
        table: change.tableName,
        rowId: change.rowId,
        op: change.op,
        fields,
        hlc,
        baseCursor: expect.any(Number) as unknown,
        userId: account.id,
      })),
    );
    expect(new Set(mine.map((c) => c.changeId)).size).toBe(mine.length);

    const back = await env.workstation('back office');
    await back.sync.syncNow();
    expect(back.patients.get(patient.id).intake).toEqual(front.patients.get(patient.id).intake);
  });
});
