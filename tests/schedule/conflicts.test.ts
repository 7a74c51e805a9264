import { describe, expect, it } from 'vitest';
import {
  checkBooking,
  overrideDecision,
  type Candidate,
  type ConflictContext,
} from '../../src-shared/schedule/conflicts';
import type { ScheduleException } from '../../src-shared/schedule/schemas';
import {
  booked,
  followUp,
  instant,
  labDraw,
  lab,
  locations,
  main,
  newPatient,
  okafor,
  patel,
  telehealth,
  templates,
} from './fixtures';

// Tuesday 2026-12-01, Boston (UTC-5): 10:00 local is 15:00Z.
const at = (hhmm: string) =>
  instant(`2026-12-01T${String(Number(hhmm.slice(0, 2)) + 5).padStart(2, '0')}:${hhmm.slice(3)}:00Z`);
const MIN = 60_000;

function candidate(over: Partial<Candidate> = {}): Candidate {
  const start = over.start ?? at('10:00');
  const type = over.type ?? followUp;
  return {
    patientId: 'p-1',
    provider: patel,
    type,
    location: main,
    start,
    end: start + type.durationMinutes * MIN,
    ...over,
  };
}
function context(over: Partial<ConflictContext> = {}): ConflictContext {
  return {
    templates,
    exceptions: [],
    locations,
    providerNames: new Map([patel, okafor, lab].map((p) => [p.id, p.name])),
    resourceNames: new Map([['chair', 'Phlebotomy chair']]),
    booked: [],
    date: '2026-12-01',
    ...over,
  };
}
const codes = (c: Candidate, ctx: ConflictContext) => checkBooking(c, ctx).map((x) => x.code);

describe('conflict rules at booking', () => {
  it('a free slot inside the hours has no conflicts', () => {
    expect(checkBooking(candidate(), context())).toEqual([]);
  });

  it.each([
    ['before the hours', '08:30', ['outside-availability']],
    ['across lunch', '11:50', ['outside-availability']],
    ['at the last slot of the day', '16:40', []],
    ['ending after the day', '16:50', ['outside-availability']],
  ])('%s (%s)', (_label, time, expected) => {
    expect(codes(candidate({ start: at(time) }), context())).toEqual(expected);
  });

  it('says the provider is already booked, with the time, and never lets it be overridden', () => {
    const ctx = context({ booked: [booked({ start: at('10:10'), end: at('10:30') })] });
    const conflicts = checkBooking(candidate(), ctx);
    expect(conflicts).toEqual([
      { code: 'provider-booked', reason: 'Dr. Patel is already booked 10:10 AM–10:30 AM', overridable: false },
    ]);
    expect(overrideDecision(conflicts, 'supervisor', 'Patient is in pain')).toEqual({
      allowed: false,
      message: 'Cannot book: Dr. Patel is already booked 10:10 AM–10:30 AM',
    });
  });

  it('keeps the buffer after a visit free: a new patient visit (40 + 10) blocks the next 50 minutes', () => {
    const ctx = context({ booked: [booked({ start: at('09:00'), end: at('09:40'), bufferMinutes: 10 })] });
    expect(codes(candidate({ start: at('09:45') }), ctx)).toEqual(['provider-booked']);
    expect(codes(candidate({ start: at('09:50') }), ctx)).toEqual([]);
    // The candidate's own buffer counts too.
    const before = context({ booked: [booked({ start: at('10:45'), end: at('11:05') })] });
    expect(codes(candidate({ type: newPatient, start: at('10:00') }), before)).toEqual(['provider-booked']);
  });

  it('never conflicts with itself when moved', () => {
    const ctx = context({ booked: [booked({ appointmentId: 'same', start: at('10:00'), end: at('10:20') })] });
    expect(codes(candidate({ appointmentId: 'same', start: at('10:10') }), ctx)).toEqual([]);
  });

  it('finds the patient double-booked with another provider', () => {
    const ctx = context({
      booked: [booked({ providerId: 'dr-okafor', patientId: 'p-1', start: at('10:00'), end: at('10:20') })],
    });
    expect(checkBooking(candidate(), ctx)).toEqual([
      {
        code: 'patient-overlap',
        reason: 'The patient already has an appointment 10:00 AM–10:20 AM with Dr. Okafor',
        overridable: true,
      },
    ]);
  });

  it('finds a required resource taken by another provider’s visit', () => {
    const ctx = context({
      booked: [
        booked({ providerId: 'other', patientId: 'p-9', start: at('10:05'), end: at('10:20'), resourceIds: ['chair'] }),
      ],
    });
    expect(checkBooking(candidate({ provider: lab, type: labDraw }), ctx)).toEqual([
      { code: 'resource-taken', reason: 'Phlebotomy chair is in use 10:05 AM–10:20 AM', overridable: true },
    ]);
  });

  it('refuses a type the provider does not see', () => {
    expect(codes(candidate({ type: labDraw }), context())).toEqual(['type-not-allowed']);
  });

  it('refuses a telehealth visit in hours that take only in-person visits', () => {
    const c = candidate({ provider: okafor, type: telehealth, start: at('09:00') });
    expect(checkBooking(c, context())).toEqual([
      {
        code: 'outside-availability',
        reason: 'Dr. Okafor does not take telehealth visits in these hours',
        overridable: true,
      },
    ]);
  });

  it('marks leave, clinic holidays and blocks, with their reason', () => {
    const exception = (e: Partial<ScheduleException>): ScheduleException => ({
      id: 'x',
      providerId: 'dr-patel',
      locationId: null,
      kind: 'block',
      startsAt: new Date(at('09:30')).toISOString(),
      endsAt: new Date(at('10:30')).toISOString(),
      reason: 'Staff meeting',
      ...e,
    });
    expect(checkBooking(candidate(), context({ exceptions: [exception({})] }))).toEqual([
      { code: 'in-exception', reason: 'Dr. Patel is out: block, Staff meeting', overridable: true },
    ]);
    expect(
      checkBooking(
        candidate(),
        context({ exceptions: [exception({ providerId: null, kind: 'holiday', reason: 'Founders Day' })] }),
      )[0]!.reason,
    ).toBe('The clinic is out: holiday, Founders Day');
    expect(codes(candidate(), context({ exceptions: [exception({ providerId: 'dr-okafor' })] }))).toEqual([]);
    expect(codes(candidate(), context({ exceptions: [exception({ locationId: 'loc-west' })] }))).toEqual([]);
  });
});

describe('overriding a conflict', () => {
  const soft = checkBooking(candidate({ start: at('08:00') }), context());

  it.each([
    ['coordinator', 'Urgent per Dr. Patel', false],
    ['clinician', 'Urgent per Dr. Patel', false],
    ['supervisor', 'Urgent per Dr. Patel', true],
    ['admin', 'Urgent per Dr. Patel', true],
    ['supervisor', undefined, false],
  ] as const)('%s with reason %s -> allowed %s', (role, reason, allowed) => {
    expect(overrideDecision(soft, role, reason).allowed).toBe(allowed);
  });

  it('tells a coordinator to ask a supervisor', () => {
    expect(overrideDecision(soft, 'coordinator', 'please')).toEqual({
      allowed: false,
      message: 'Your role (coordinator) may not override scheduling conflicts; ask a supervisor',
    });
  });
});
