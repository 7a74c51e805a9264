import type { ReviewItem } from '../../../src-shared/sync/review';

export const KIND_LABELS: Record<ReviewItem['kind'], string> = {
  conflict: 'Conflicting edits',
  rebook: 'Booking refused',
  possible_duplicate: 'Possible duplicate',
  rejected: 'Change refused',
};

const TABLE_LABELS: Record<string, string> = {
  patients: 'Patient',
  patient_phones: 'Patient phone',
  patient_people: 'Patient contact person',
  patient_coverages: 'Coverage',
  patient_consents: 'Consent',
  tasks: 'Task',
  appointments: 'Appointment',
  waitlist_entries: 'Waitlist entry',
  call_log_entries: 'Call log entry',
};

const REASONS: Record<string, string> = {
  slot_taken: 'the slot was taken on another workstation',
  clock_ahead: "this workstation's clock was far ahead",
  invalid_fields: 'the change could not be read',
  unknown_row: 'the record does not exist at the hub',
  deleted: 'the record was deleted at the hub',
  unknown_table: 'the hub does not keep this kind of record',
};

export function recordLabel(table: string): string {
  return TABLE_LABELS[table] ?? table.replaceAll('_', ' ');
}

/** `preferredContactTimes` -> "preferred contact times". */
export function fieldLabel(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

export function valueLabel(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export interface ConflictSides {
  field: string;
  kept: unknown;
  lost: unknown;
}

export function conflictSides(item: ReviewItem): ConflictSides | null {
  const { field, kept, lost } = item.details as {
    field?: unknown;
    kept?: { value?: unknown };
    lost?: { value?: unknown };
  };
  if (item.kind !== 'conflict' || typeof field !== 'string' || !kept || !lost) return null;
  return { field, kept: kept.value, lost: lost.value };
}

/** One line saying what happened, for the worklist's table. */
export function summary(item: ReviewItem): string {
  const sides = conflictSides(item);
  if (sides) {
    return `${fieldLabel(sides.field)}: kept "${valueLabel(sides.kept)}", set aside "${valueLabel(sides.lost)}"`;
  }
  const reason = item.reason ? (REASONS[item.reason] ?? item.reason.replaceAll('_', ' ')) : null;
  switch (item.kind) {
    case 'rebook':
      return `Call the patient to rebook: ${reason ?? 'the hub refused the booking'}`;
    case 'possible_duplicate':
      return 'Registered on two workstations: may be the same person';
    default:
      return `Not accepted by the hub: ${reason ?? 'no reason given'}`;
  }
}
