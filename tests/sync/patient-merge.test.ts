import { describe, expect, it } from 'vitest';
import { insertAppointment } from '../../src-main/schedule/appointments';
import { hubForEachTest } from '../support/hub';
import { tentativeFollowUp } from '../support/schedule-rows';
import { type TestWorkstation } from '../support/workstation';

const env = hubForEachTest('Merge');

const visit = (patientId: string) =>
  tentativeFollowUp(patientId, { startsAt: '2026-12-03T15:00:00.000Z', endsAt: '2026-12-03T15:30:00.000Z' });

const visitOwner = (ws: TestWorkstation, id: string) =>
  (ws.store.sqlite.prepare('SELECT patient_id FROM appointments WHERE id = ?').get(id) as { patient_id: string })
    .patient_id;

describe('a merge travels through the hub', () => {
  it('another workstation sees the merge and the moved visit, and then the undo; the hub ledger follows', async () => {
    const front = await env.workstation('front');
    const back = await env.workstation('back');
    const survivor = front.patients.create(
      { firstName: 'Eleanor', lastName: 'Abernathy', dateOfBirth: '1949-02-11', phone: '+16175550161' },
      front.actor,
    );
    const duplicate = front.patients.create(
      { firstName: 'Nora', lastName: 'Abernathy', dateOfBirth: '1949-11-02', phone: '+16175550162' },
      front.actor,
    );
    const booked = front.store.write((tx) => insertAppointment(front.store, tx, visit(duplicate.id), front.actor));
    for (const ws of [front, back]) await ws.sync.syncNow();
    expect(visitOwner(back, booked.id)).toBe(duplicate.id);

    const merge = front.patients.merge(
      { survivorId: survivor.id, mergedId: duplicate.id, reason: 'Same person' },
      front.actor,
    );
    for (const ws of [front, back]) await ws.sync.syncNow();
    expect(visitOwner(back, booked.id)).toBe(survivor.id);
    expect(back.patients.get(duplicate.id).patient.mergedInto).toBe(survivor.id);
    expect(back.patients.search('abernathy', 10).map((p) => p.id)).toEqual([survivor.id]);
    expect(back.patients.get(survivor.id).merges).toEqual([expect.objectContaining({ id: merge.id, undoneAt: null })]);
    const ledger = () =>
      env.hub.query<{ patient_id: string }>('SELECT patient_id FROM appointments WHERE org_id = $1 AND id = $2', [
        env.clinic.orgId,
        booked.id,
      ]);
    expect(await ledger()).toEqual([{ patient_id: survivor.id }]);

    front.patients.unmerge(merge.id, front.actor);
    for (const ws of [front, back]) await ws.sync.syncNow();
    expect(visitOwner(back, booked.id)).toBe(duplicate.id);
    expect(back.patients.get(duplicate.id).patient.mergedInto).toBeNull();
    expect(back.patients.search('abernathy', 10)).toHaveLength(2);
    expect(await ledger()).toEqual([{ patient_id: duplicate.id }]);
    expect(front.sync.reviewItems().filter((i) => i.kind !== 'possible_duplicate')).toEqual([]);
  });
});
