import { foldName } from '../../src-shared/patients/search-query';
import { log } from '../log';
import { CATCH_UP_CHUNK, IdleCatchUp } from '../store/idle-catch-up';
import type { Store, Tx } from '../store/store';
import type { PatientRow } from './table';

type Named = Pick<PatientRow, 'firstName' | 'middleName' | 'lastName' | 'preferredName'>;

/** A note's `fresh`: 0 an indexed patient changed, 1 no index row of its own is expected (a merged one coming back). */
const FROM_HERE_ON = 2; // every patient from this rowid up was inserted since, none with an index row of its own

type Noted = {
  rowid: number;
  /** 1: no index row of its own is expected (a new patient, or a merged one coming back). */
  fresh: number;
  id: string | null;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  preferred_name: string | null;
  merged_into: string | null;
};

/** The statements, prepared once per store: every patient save runs `note`. */
const statements = (store: Store) =>
  store.prepared('patients.nameIndex', ({ sqlite }) => ({
    // A note already there stays as it is: a patient created and then edited before
    // the index caught up still has no index row to replace (`fresh` stays 1).
    // A new patient is covered by a note "from here on" at or below its rowid, so a bulk
    // insert writes one note, not one per patient (decision 0037): new rowids only grow.
    // A rowid below every such note (the rows above it were removed) gets a note of its own.
    noteFromHereOn: sqlite.prepare<[number | bigint, number | bigint]>(
      `INSERT INTO patient_name_index_queue (patient_rowid, fresh)
       SELECT ?, ${FROM_HERE_ON} WHERE NOT EXISTS
         (SELECT 1 FROM patient_name_index_queue WHERE fresh = ${FROM_HERE_ON} AND patient_rowid <= ?)
       ON CONFLICT DO NOTHING`,
    ),
    // A patient inserted after a note "from here on" is indexed from scratch anyway.
    noteId: sqlite.prepare<[number, string]>(
      `INSERT INTO patient_name_index_queue (patient_rowid, fresh)
       SELECT p.rowid, ? FROM patients p WHERE p.id = ? AND NOT EXISTS
         (SELECT 1 FROM patient_name_index_queue WHERE fresh = ${FROM_HERE_ON} AND patient_rowid <= p.rowid)
       ON CONFLICT DO NOTHING`,
    ),
    anyNoted: sqlite.prepare<[], number>('SELECT patient_rowid FROM patient_name_index_queue LIMIT 1').pluck(),
    noted: sqlite.prepare<[number], Noted>(
      `SELECT q.patient_rowid AS rowid, q.fresh, p.id, p.first_name, p.middle_name, p.last_name, p.preferred_name, p.merged_into
       FROM patient_name_index_queue q LEFT JOIN patients p ON p.rowid = q.patient_rowid
       WHERE q.fresh < ${FROM_HERE_ON} ORDER BY q.patient_rowid LIMIT ?`,
    ),
    done: sqlite.prepare<[number, number]>(
      `DELETE FROM patient_name_index_queue WHERE patient_rowid BETWEEN ? AND ? AND fresh < ${FROM_HERE_ON}`,
    ),
    firstNew: sqlite
      .prepare<[], number | null>(
        `SELECT min(patient_rowid) FROM patient_name_index_queue WHERE fresh = ${FROM_HERE_ON}`,
      )
      .pluck(),
    newFrom: sqlite.prepare<[number, number], Noted>(
      `SELECT rowid, 1 AS fresh, id, first_name, middle_name, last_name, preferred_name, merged_into
       FROM patients WHERE rowid >= ? ORDER BY rowid LIMIT ?`,
    ),
    // The notes "from here on" a chunk of new patients has covered; one moves past the chunk when more are left.
    newDone: sqlite.prepare<[number]>(
      `DELETE FROM patient_name_index_queue WHERE fresh = ${FROM_HERE_ON} AND patient_rowid <= ?`,
    ),
    newLeft: sqlite.prepare<[number, number]>(
      `INSERT INTO patient_name_index_queue (patient_rowid, fresh)
       SELECT ?, ${FROM_HERE_ON} WHERE EXISTS (SELECT 1 FROM patients WHERE rowid >= ?)
       ON CONFLICT DO UPDATE SET fresh = ${FROM_HERE_ON}`,
    ),
    // The highest rowid the index holds: FTS5 answers it from the end of its rowid order.
    lastIndexed: sqlite.prepare<[], number>('SELECT rowid FROM patients_fts ORDER BY rowid DESC LIMIT 1').pluck(),
    deleteKeyed: sqlite.prepare<[number, string]>('DELETE FROM patients_fts WHERE rowid = ? AND patient_id = ?'),
    deleteScan: sqlite.prepare<[string]>('DELETE FROM patients_fts WHERE patient_id = ?'),
    insertAt: sqlite.prepare<[number, string, string]>(
      'INSERT INTO patients_fts (rowid, patient_id, name) VALUES (?, ?, ?)',
    ),
  }));

/**
 * The patient name index (`patients_fts`, FTS5): every name a patient goes by, folded
 * (no accents, lower case), at the patient row's rowid; a record merged into another
 * is left out, so search finds the survivor only.
 *
 * It is kept a little behind the saves (decision 0033), as the call log's quick search
 * is (decision 0412). Writing it in the save's own commit was a third of the pages that
 * commit encrypted and fsync'd: FTS5 writes a new segment per transaction and merges
 * segments every few commits, the slowest saves of all. Instead a save notes the
 * patient's rowid in `patient_name_index_queue` (one small row, committed with the save,
 * so a kill right after the save loses nothing), and the noted patients are indexed
 * once writes pause, at start, and always before the index is read (`catchUp` inside
 * the search's own transaction), so a search finds a patient the moment the save has
 * returned. Patients pulled by sync are still indexed by their applier as they land.
 */
export class PatientNameIndex {
  private readonly idle: IdleCatchUp;

  constructor(private readonly store: Store) {
    this.idle = new IdleCatchUp(
      store,
      (limit) => this.indexSome(limit),
      'indexing patient names failed',
      () => (this.failedInSearch = false),
    );
  }

  /**
   * Notes a patient just inserted at `rowid` (no index row of its own yet); inside the save's
   * transaction. One note covers every patient inserted after it (decision 0037): a bulk
   * insert's thousand patients are one note, where each was a row of its own.
   */
  noteNew(_tx: Tx, rowid: number | bigint): void {
    statements(this.store).noteFromHereOn.run(rowid, rowid);
    this.whenIdle();
  }

  /**
   * Notes a stored patient whose names or merged state changed; inside the save's
   * transaction. `unindexed`: the patient has no index row now (a merged record coming
   * back), so there is none to look for when the catch-up replaces it.
   */
  noteChanged(_tx: Tx, patientId: string, { unindexed = false } = {}): void {
    statements(this.store).noteId.run(unindexed ? 1 : 0, patientId);
    this.whenIdle();
  }

  /**
   * Indexes every noted patient, before any read of the index; inside the caller's
   * transaction when there is one (a savepoint of it). Looking must keep working on a
   * damaged store (decision 0324): there, and after a failure (a damaged page under a
   * noted patient, which leaves the search's transaction unable to read), searches use
   * the index as it is and only the idle catch-up, in its own transaction, tries again.
   */
  catchUp(): void {
    if (this.store.damage || this.failedInSearch) return;
    try {
      // In chunks, so a long backlog (a seed, an import) is never all in memory at once.
      while (this.indexSome(CATCH_UP_CHUNK) > 0);
    } catch (error) {
      if (this.store.sqlite.inTransaction) this.failedInSearch = true;
      log.error({ errorName: (error as Error).name }, 'indexing patient names before a search failed');
    }
  }
  private failedInSearch = false;

  /** Catches up once writes have paused: after a save, and at start for patients a kill left noted. */
  whenIdle(): void {
    this.idle.schedule();
  }

  /** Indexes up to `limit` noted patients and removes their notes; returns how many. */
  private indexSome(limit: number): number {
    const s = statements(this.store);
    // One read of the queue's only page when nothing is noted: the usual case before a search.
    if (s.anyNoted.get() === undefined) return 0;
    const run = () => {
      const changed = s.noted.all(limit);
      // Then the new patients from the first note "from here on", in rowid order.
      const firstNew = s.firstNew.get() ?? null;
      const fresh = firstNew === null || changed.length >= limit ? [] : s.newFrom.all(firstNew, limit - changed.length);
      // No index row sits above the highest rowid indexed when the chunk starts.
      const lastIndexed = s.lastIndexed.get() ?? 0;
      // A patient noted both ways (only where rows above a note were removed) is indexed once.
      const seen = new Set(fresh.length > 0 ? changed.map((n) => n.rowid) : []);
      for (const n of [...changed, ...fresh.filter((f) => !seen.has(f.rowid))]) {
        // Gone: only sync removes a patient row, and its applier removed the index row with it.
        if (n.id === null) continue;
        // The index row shares the patient's rowid, so replacing it is a keyed delete. A
        // patient noted as new has none, unless sync's applier indexed it meanwhile: the
        // keyed delete takes that one, and is skipped when no index row can be at that
        // rowid (a bulk insert's new patients, all above the last one indexed; decision 0034).
        // `patient_id` is unindexed in FTS5: it is only scanned for if the rowids ever
        // drifted (a VACUUM may renumber implicit rowids).
        const mayHaveRow = !n.fresh || n.rowid <= lastIndexed;
        if (mayHaveRow && s.deleteKeyed.run(n.rowid, n.id).changes === 0 && !n.fresh) s.deleteScan.run(n.id);
        if (n.merged_into === null) {
          s.insertAt.run(
            n.rowid,
            n.id,
            indexedName({
              firstName: n.first_name ?? '',
              middleName: n.middle_name,
              lastName: n.last_name ?? '',
              preferredName: n.preferred_name,
            }),
          );
        }
      }
      // Every note in this range was read above (they come in rowid order).
      if (changed.length > 0) s.done.run(changed[0]!.rowid, changed[changed.length - 1]!.rowid);
      if (firstNew !== null && changed.length < limit) {
        if (fresh.length < limit - changed.length) {
          // Every patient from the first note up has been read: no note "from here on" is needed any more.
          s.newDone.run(Number.MAX_SAFE_INTEGER);
        } else {
          // A full chunk: the notes it covered go, and one moves past it.
          const last = fresh[fresh.length - 1]!.rowid;
          s.newDone.run(last);
          s.newLeft.run(last + 1, last + 1);
        }
      }
      return changed.length + fresh.length;
    };
    // Inside a read's grouped commit (a search), a savepoint of it, not `store.write`: the
    // index is derived data and needs no fsync of its own (decision 0323).
    return this.store.sqlite.inTransaction ? this.store.sqlite.transaction(run)() : this.store.write(run);
  }
}

/** The store's name index (one per store, so one idle timer). */
export function patientNameIndex(store: Store): PatientNameIndex {
  return store.prepared('patients.nameIndexer', (s) => new PatientNameIndex(s));
}

const APOSTROPHE = /['’ʼ`]/;
const APOSTROPHES = /['’ʼ`]/g;

export function indexedName(p: Named): string {
  const names = [p.firstName, p.preferredName, p.middleName, p.lastName].filter(Boolean).join(' ');
  const joined = foldName(names);
  // O'Connor is found as "oconnor" and as "o connor" (folded twice only when there is an apostrophe).
  if (!APOSTROPHE.test(names)) return joined;
  const split = foldName(names.replace(APOSTROPHES, ' '));
  return split === joined ? joined : `${joined} ${split}`;
}
