import type Database from 'better-sqlite3';
import type { AuditProblem, AuditVerification } from '../../src-shared/audit/contract';
import { auditHash, GENESIS_HASH } from './audit-log';

const MAX_REPORTED = 1000;

type RawRow = [
  seq: number,
  id: string,
  at: string,
  userId: string | null,
  username: string | null,
  workstation: string,
  action: string,
  channel: string | null,
  patientIds: string,
  prevHash: string,
  hash: string,
];

/**
 * Walks the whole audit in order and checks the chain: each entry's hash must be
 * the hash of its own fields (else it was edited), and each entry must name the
 * entry before it (else something before it was removed, reordered or rewritten).
 * Streams rows, so a million entries need no more memory than one.
 *
 * The chain cannot see entries cut off the end; `head` is reported so it can be
 * compared with a copy kept elsewhere (the hub, once the audit syncs).
 */
export function verifyAuditChain(sqlite: Database.Database): AuditVerification {
  const problems: AuditProblem[] = [];
  let found = 0;
  let entries = 0;
  let previous = GENESIS_HASH;
  let previousSeq: number | null = null;
  const note = (problem: AuditProblem) => {
    found++;
    if (problems.length < MAX_REPORTED) problems.push(problem);
  };
  const rows = sqlite
    .prepare(
      'SELECT seq, id, at, user_id, username, workstation, action, channel, patient_ids, prev_hash, hash FROM audit_events ORDER BY seq',
    )
    // Arrays, not objects: a third less time per row over a million rows.
    .raw(true)
    .iterate() as IterableIterator<RawRow>;
  for (const [seq, id, at, userId, username, workstation, action, channel, patientIds, prevHash, hash] of rows) {
    entries++;
    if (prevHash !== previous) {
      note({
        seq,
        kind: 'removed-or-reordered',
        detail:
          previousSeq === null
            ? `Entry ${seq} is first but does not start the chain: earlier entries were removed`
            : `Entry ${seq} does not follow entry ${previousSeq}: an entry between them was removed, moved or rewritten`,
      });
    }
    const expected = auditHash({ id, at, userId, username, workstation, action, channel, patientIds, prevHash });
    if (expected !== hash) {
      note({ seq, kind: 'edited', detail: `Entry ${seq} was changed after it was written` });
    }
    // Chain on the stored hash, so one tampered entry is reported once, not for every entry after it.
    previous = hash;
    previousSeq = seq;
  }
  return { entries, intact: found === 0, problems, head: previous };
}
