import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClinic, startTestHub, type TestHub } from '../support/hub';
import { fromWindow } from '../support/store';
import { syncedState } from '../support/synced-state';
import { editPatient, enrolledWorkstation, type TestWorkstation } from '../support/workstation';

/**
 * Seeded property: replicas edit at random while cut off and reconnected at random,
 * the hub restarts now and then; once everyone is back and has synced, every
 * replica holds the same data, nothing registered is missing, and every field holds
 * a value somebody wrote. `npm test` runs a short version; `npm run test:soak`
 * (SYNC_SOAK=1) runs five replicas many times.
 */
const SOAK = process.env.SYNC_SOAK === '1';
const REPLICAS = SOAK ? 5 : 3;
const RUNS = SOAK ? Number(process.env.SYNC_SOAK_RUNS ?? 40) : 3;
const SEED = Number(process.env.SYNC_SEED ?? 20261124);

const FIELDS = ['preferredName', 'pronouns', 'preferredTimes'] as const;
type Field = (typeof FIELDS)[number];
const WORDS = ['Ana', 'Bo', 'Cy', 'Di', 'Ed', 'Flo'];

type Action =
  | { kind: 'register'; replica: number }
  | { kind: 'edit'; replica: number; patient: number; field: Field; word: number }
  | { kind: 'network'; replica: number; online: boolean }
  | { kind: 'sync'; replica: number }
  | { kind: 'restartHub' };

const replica = fc.nat({ max: REPLICAS - 1 });
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('register' as const), replica }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      replica,
      patient: fc.nat({ max: 7 }),
      field: fc.constantFrom(...FIELDS),
      word: fc.nat({ max: WORDS.length - 1 }),
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ kind: fc.constant('network' as const), replica, online: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('sync' as const), replica }), weight: 4 },
  { arbitrary: fc.constant({ kind: 'restartHub' as const }), weight: 1 },
);

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.stop());

function read(ws: TestWorkstation, id: string, field: Field): string | null {
  const { intake } = ws.patients.get(id);
  return field === 'preferredTimes' ? intake.contact.preferredTimes : intake.identity[field];
}

describe('replicas with random edits, outages and hub restarts', () => {
  it(
    'converge once reconnected, losing nothing registered',
    async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: SOAK ? 60 : 30 }), async (actions) => {
          const clinic = await createClinic(hub, `Property ${++run}`);
          const replicas: TestWorkstation[] = [];
          try {
            for (let r = 0; r < REPLICAS; r++) replicas.push(await enrolledWorkstation(hub, clinic, `replica ${r}`));
            const registered: string[] = [];
            const written = new Map<string, Set<string | null>>();
            for (const step of actions) {
              const ws = step.kind === 'restartHub' ? null : replicas[step.replica]!;
              switch (step.kind) {
                case 'register': {
                  const created = await ws!.router(
                    'patients.create',
                    {
                      firstName: 'Prop',
                      lastName: `Case${'x'.repeat(registered.length % 5)}`,
                      dateOfBirth: '01/02/1980',
                      phone: '6175550100',
                    },
                    fromWindow,
                  );
                  if (created.ok) registered.push((created.value as { id: string }).id);
                  break;
                }
                case 'edit': {
                  const known = ws!.store.sqlite.prepare('SELECT id FROM patients ORDER BY id').all() as {
                    id: string;
                  }[];
                  const target = known[step.patient % Math.max(known.length, 1)];
                  if (!target) break;
                  const value = WORDS[step.word]!;
                  const key = `${target.id}/${step.field}`;
                  written.set(key, (written.get(key) ?? new Set([null])).add(value));
                  editPatient(ws!, target.id, (i) => {
                    if (step.field === 'preferredTimes') i.contact.preferredTimes = value;
                    else i.identity[step.field] = value;
                  });
                  break;
                }
                case 'network':
                  ws!.network.online = step.online;
                  break;
                case 'sync':
                  await ws!.sync.syncNow();
                  break;
                case 'restartHub':
                  await hub.restart();
                  break;
              }
            }
            for (const ws of replicas) ws.network.online = true;
            // Two rounds: the first carries every replica's changes to the hub, the second brings them all back.
            for (let round = 0; round < 2; round++) for (const ws of replicas) await ws.sync.syncNow();

            const reference = syncedState(replicas[0]!);
            for (const ws of replicas) {
              expect(ws.sync.status()).toMatchObject({ state: 'online', pending: 0 });
              expect(syncedState(ws)).toEqual(reference);
            }
            const ids = (reference.patients as { id: string }[]).map((p) => p.id).sort();
            expect(ids).toEqual([...registered].sort());
            for (const [key, values] of written) {
              const [id, field] = key.split('/') as [string, Field];
              expect(values.has(read(replicas[0]!, id, field))).toBe(true);
            }
          } finally {
            for (const ws of replicas) ws.dispose();
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    SOAK ? 3_600_000 : 120_000,
  );
});
