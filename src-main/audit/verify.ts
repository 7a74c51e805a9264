import type Database from 'better-sqlite3';
import type { AuditProblem, AuditVerification } from '../../src-shared/audit/contract';
import { auditHash, GENESIS_HASH } from './audit-log';

const MAX_REPORTED = 1000;

interface RawRow {
  seq: number;
  id: string;
  at: string;
  user_id: string | null;
  username: string | null;
  workstation: string;
  action: string;
  channel: string | null;
  patient_ids: string;
  prev_hash: string;
  hash: string;
}

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
    .iterate() as IterableIterator<RawRow>;
  for (const row of rows) {
    entries++;
    if (row.prev_hash !== previous) {
      note({
        seq: row.seq,
        kind: 'removed-or-reordered',
        detail:
          previousSeq === null
            ? `Entry ${row.seq} is first but does not start the chain: earlier entries were removed`
            : `Entry ${row.seq} does not follow entry ${previousSeq}: an entry between them was removed, moved or rewritten`,
      });
    }
    const expected = auditHash({
      id: row.id,
      at: row.at,
      userId: row.user_id,
      username: row.username,
      workstation: row.workstation,
      action: row.action,
      channel: row.channel,
      patientIds: row.patient_ids,
      prevHash: row.prev_hash,
    });
    if (expected !== row.hash) {
      note({ seq: row.seq, kind: 'edited', detail: `Entry ${row.seq} was changed after it was written` });
    }
    // Chain on the stored hash, so one tampered entry is reported once, not for every entry after it.
    previous = row.hash;
    previousSeq = row.seq;
  }
  return { entries, intact: found === 0, problems, head: previous };
}
