import Papa from 'papaparse';
import { format } from 'date-fns';
import {
  CALLER_LABELS,
  DIRECTION_LABELS,
  OUTCOME_LABELS,
  REASON_LABELS,
  type CallLogEntry,
} from '../../src-shared/calls/schemas';
import { formatDuration } from '../../src-shared/calls/duration';
import { displayPhone } from '../../src-shared/phone';

const local = (iso: string) => format(new Date(iso), 'yyyy-MM-dd HH:mm');

/**
 * The call log as a spreadsheet reads it: local times, labels not codes. Cells that
 * a spreadsheet would run as a formula (=, +, -, @) are escaped by papaparse.
 */
export function callsToCsv(rows: readonly CallLogEntry[]): string {
  return Papa.unparse(
    {
      fields: [
        'Started',
        'Duration',
        'Direction',
        'Patient',
        'Phone',
        'Caller',
        'Caller type',
        'Reason',
        'Outcome',
        'Coordinator',
        'Notes',
        'Addenda',
        'Appointment',
        'Referral',
      ],
      data: rows.map((c) => [
        local(c.startedAt),
        formatDuration(c.durationSeconds),
        DIRECTION_LABELS[c.direction],
        c.patientName ?? '',
        c.phone ? displayPhone(c.phone) : 'Withheld',
        c.callerName,
        CALLER_LABELS[c.callerKind],
        REASON_LABELS[c.reason],
        OUTCOME_LABELS[c.outcome],
        c.coordinatorName,
        c.notes,
        c.addendumCount,
        c.appointmentId ?? '',
        c.referralId ?? '',
      ]),
    },
    { escapeFormulae: true, newline: '\r\n' },
  );
}
