import { expect } from 'vitest';
import type { CallLogEntry, NewCallInput } from '../../src-shared/calls/schemas';
import { fromWindow, type TestCareDesk } from '../support/store';

/** A patient made through intake's channel, as a coordinator would. */
export async function addPatient(
  app: TestCareDesk,
  p: { firstName: string; lastName: string; dateOfBirth: string; phone: string },
): Promise<string> {
  const created = await app.router('patients.create', p, fromWindow);
  if (!created.ok) throw new Error(`could not add a test patient: ${JSON.stringify(created.error)}`);
  return (created.value as { id: string }).id;
}

/** Two patients with different phones: Ana Diaz, whose records a test reads, and Bo Lee, whose must not show. */
export const ANA = { firstName: 'Ana', lastName: 'Diaz', dateOfBirth: '03/14/1984', phone: '6175550147' };
export const BO = { firstName: 'Bo', lastName: 'Lee', dateOfBirth: '01/02/1990', phone: '6175550148' };

export async function addAnaAndBo(app: TestCareDesk): Promise<{ ana: string; bo: string }> {
  return { ana: await addPatient(app, ANA), bo: await addPatient(app, BO) };
}

export function aCall(overrides: Partial<NewCallInput> = {}): NewCallInput {
  return {
    direction: 'inbound',
    phone: '(617) 555-0147',
    patientId: null,
    callerKind: 'unknown',
    callerName: '',
    reason: 'scheduling',
    outcome: 'resolved',
    notes: '',
    startedAt: '2026-11-24T14:00:00.000Z',
    endedAt: '2026-11-24T14:03:30.000Z',
    ...overrides,
  };
}

export async function logCall(app: TestCareDesk, input: NewCallInput) {
  const result = await app.router('calls.log', input, fromWindow);
  expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
  return (result as { ok: true; value: { call: CallLogEntry; tasks: { id: string; kind: string }[] } }).value;
}

export function count(app: TestCareDesk, table: string): number {
  return (app.store.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}
