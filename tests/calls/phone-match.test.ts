import { describe, expect, it } from 'vitest';
import { matchCaller, type PhoneCandidate } from '../../src-shared/calls/phone-match';

const own = (patientId: string, name: string, dateOfBirth = '1980-01-01'): PhoneCandidate => ({
  patientId,
  name,
  dateOfBirth,
  via: { kind: 'patient' },
});
const viaPerson = (patientId: string, name: string, personName: string): PhoneCandidate => ({
  patientId,
  name,
  dateOfBirth: '2015-06-01',
  via: { kind: 'person', personName, relationship: 'Mother' },
});

describe('matching a caller by phone number', () => {
  it('a withheld number matches nobody and says so', () => {
    expect(matchCaller(null, [own('a', 'Diaz, Ana')])).toEqual({ kind: 'withheld' });
  });

  it('a number nobody has is an unknown caller, ready for intake', () => {
    expect(matchCaller('+16175550100', [])).toEqual({ kind: 'unknown', phone: '+16175550100' });
  });

  it('one patient with the number opens that patient', () => {
    const match = matchCaller('+16175550100', [own('a', 'Diaz, Ana')]);
    expect(match).toMatchObject({ kind: 'one', candidate: { patientId: 'a' } });
  });

  it('a shared family phone lists every patient on it, by name then date of birth', () => {
    const match = matchCaller('+16175550100', [
      own('kid2', 'Diaz, Mateo', '2016-02-02'),
      own('mom', 'Diaz, Ana', '1984-03-03'),
      own('kid1', 'Diaz, Mateo', '2012-01-01'),
    ]);
    expect(match.kind).toBe('several');
    if (match.kind !== 'several') return;
    expect(match.candidates.map((c) => c.patientId)).toEqual(['mom', 'kid1', 'kid2']);
  });

  it("a patient reached by their own number and a parent's is listed once, as their own", () => {
    const match = matchCaller('+16175550100', [viaPerson('kid', 'Diaz, Mateo', 'Ana Diaz'), own('kid', 'Diaz, Mateo')]);
    expect(match).toMatchObject({ kind: 'one', candidate: { patientId: 'kid', via: { kind: 'patient' } } });
  });

  it("a child reached only through a parent's number says whose number it is", () => {
    const match = matchCaller('+16175550100', [viaPerson('kid', 'Diaz, Mateo', 'Ana Diaz')]);
    expect(match).toMatchObject({ kind: 'one', candidate: { via: { kind: 'person', personName: 'Ana Diaz' } } });
  });
});
