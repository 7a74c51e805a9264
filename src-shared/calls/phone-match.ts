/**
 * Who is calling, from the number alone. A shared family phone rings for several
 * patients, so a match is a list; the coordinator picks. The candidates come from
 * the store (patients' own phones; their people's phones once patients hold them).
 */
export interface PhoneCandidate {
  patientId: string;
  name: string;
  dateOfBirth: string;
  /** Whose number it is: the patient's own, or a named person of theirs (a parent, a spouse). */
  via: { kind: 'patient' } | { kind: 'person'; personName: string; relationship: string };
}

export type CallerMatch =
  | { kind: 'withheld' }
  | { kind: 'unknown'; phone: string }
  | { kind: 'one'; phone: string; candidate: PhoneCandidate }
  | { kind: 'several'; phone: string; candidates: PhoneCandidate[] };

/**
 * One patient reached by both their own number and a person's number is listed
 * once, as their own; patients are ordered by name so the list reads the same every call.
 */
export function matchCaller(phone: string | null, candidates: readonly PhoneCandidate[]): CallerMatch {
  if (!phone) return { kind: 'withheld' };
  const byPatient = new Map<string, PhoneCandidate>();
  for (const c of candidates) {
    const seen = byPatient.get(c.patientId);
    if (!seen || (seen.via.kind === 'person' && c.via.kind === 'patient')) byPatient.set(c.patientId, c);
  }
  const unique = [...byPatient.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.dateOfBirth.localeCompare(b.dateOfBirth),
  );
  if (unique.length === 0) return { kind: 'unknown', phone };
  if (unique.length === 1) return { kind: 'one', phone, candidate: unique[0]! };
  return { kind: 'several', phone, candidates: unique };
}
