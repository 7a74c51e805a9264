import type Database from 'better-sqlite3';
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
    // The highest rowid the index holds: FTS5 answers it from the end of its rowid order.
    lastIndexed: sqlite.prepare<[], number>('SELECT rowid FROM patients_fts ORDER BY rowid DESC LIMIT 1').pluck(),
    deleteKeyed: sqlite.prepare<[number, string]>('DELETE FROM patients_fts WHERE rowid = ? AND patient_id = ?'),
    deleteScan: sqlite.prepare<[string]>('DELETE FROM patients_fts WHERE patient_id = ?'),
    // The bulk build a chunk of `span` rowids at a time (one set of statements per chunk size).
    build: (() => {
      const bySpan = new Map<number, Database.Statement[]>();
      return (span: number) => {
        let built = bySpan.get(span);
        if (!built) bySpan.set(span, (built = nameIndexBuild(span).map((text) => sqlite.prepare(text))));
        return built;
      };
    })(),
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

  /**
   * Indexes up to `limit` noted patients (and the patients in `limit` rowids from a note
   * "from here on") and removes their notes; returns `limit` while more is left, 0 when
   * there was nothing to do.
   */
  private indexSome(limit: number): number {
    const s = statements(this.store);
    // One read of the queue's only page when nothing is noted: the usual case before a search.
    if (s.anyNoted.get() === undefined) return 0;
    const run = () => {
      // Patients covered by a note "from here on" (a bulk insert, a pull's pages) are
      // indexed in SQL, a range of rowids at a time (decision 0168); the few SQL cannot
      // fold are left with notes of their own, indexed below with the changed ones.
      let built = 0;
      if (s.firstNew.get() != null) for (const statement of s.build(limit)) built += statement.run().changes;
      const changed = s.noted.all(limit);
      // No index row sits above the highest rowid indexed when the chunk starts.
      const lastIndexed = s.lastIndexed.get() ?? 0;
      for (const n of changed) {
        // Gone: only sync removes a patient row, and its applier removed the index row with it.
        if (n.id === null) continue;
        // The index row shares the patient's rowid, so replacing it is a keyed delete. A
        // patient noted as new has none, unless sync's applier indexed it meanwhile: the
        // keyed delete takes that one, and is skipped when no index row can be at that
        // rowid (above the last one indexed; decision 0034).
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
      // A full chunk while more is owed or noted: the idle catch-up comes back for the rest.
      if (changed.length === limit || s.firstNew.get() != null) return limit;
      return Math.min(built + changed.length, limit - 1);
    };
    // Inside a read's grouped commit (a search), a savepoint of it, not `store.write`: the
    // index is derived data and needs no fsync of its own (decision 0323).
    return this.store.sqlite.inTransaction ? this.store.sqlite.transaction(run)() : this.store.write(run);
  }
}

/**
 * Notes, in a bulk load's transaction (a first sync's page on the page writer, decision
 * 0168), that every patient inserted from here on is owed its name-index row: a note
 * "from here on" at the next patient rowid, as `noteNew` writes for a local insert, and
 * none if one already covers it. The rows' index entries are then written once, by
 * `NAME_INDEX_BUILD`, instead of one FTS5 segment per page.
 */
export const NOTE_PATIENTS_OWED = `INSERT INTO patient_name_index_queue (patient_rowid, fresh)
  SELECT next, ${FROM_HERE_ON} FROM (SELECT coalesce(max(rowid), 0) + 1 AS next FROM patients)
  WHERE NOT EXISTS (SELECT 1 FROM patient_name_index_queue WHERE fresh = ${FROM_HERE_ON} AND patient_rowid <= next)
  ON CONFLICT DO UPDATE SET fresh = ${FROM_HERE_ON}`;

/** The lowest note "from here on": every patient at or above it is owed its index row. */
const OWED_FROM = `(SELECT min(patient_rowid) FROM patient_name_index_queue WHERE fresh = ${FROM_HERE_ON})`;

/**
 * Whether the patient with this id is owed its index row (at or above the lowest note "from
 * here on"): it has none yet, unless sync's applier wrote one at its own rowid, so a keyed
 * delete that found nothing needs no scan of the index by patient id.
 */
export const PATIENT_OWED = `SELECT 1 FROM patients WHERE id = ? AND rowid >= ${OWED_FROM}`;

/**
 * The names `indexedName` joins, joined the same way in SQL: the non-empty ones, in its
 * order, one space apart.
 */
const JOINED_NAMES = `concat_ws(' ', nullif(p.first_name, ''), nullif(p.preferred_name, ''), nullif(p.middle_name, ''), nullif(p.last_name, ''))`;
/**
 * Joined names SQL folds exactly as `foldName` does: ASCII letters and digits in words one
 * space apart (no space before, after or doubled; the spaces around it make those a double
 * space), where lower() is the whole fold. Anything else (accents, apostrophes, hyphens,
 * other spacing, no name at all) is left to `indexedName`.
 */
const PLAIN_NAMES = `(${JOINED_NAMES} NOT GLOB '*[^A-Za-z0-9 ]*' AND instr(' ' || ${JOINED_NAMES} || ' ', '  ') = 0)`;
/** `indexedName` of a row whose names are plain. */
const PLAIN_INDEXED_NAME = `lower(${JOINED_NAMES})`;

/**
 * Indexes, in one transaction, the patients the notes "from here on" cover (decision
 * 0168), or those of them below the lowest note's rowid + `span`: the end of a pull on the
 * page writer, whose pages only noted their patients (`NOTE_PATIENTS_OWED`), runs these
 * statements (all of them) on the writer's connection, and a catch-up runs them a chunk at
 * a time. Parameterless SQL, run in order:
 * 1. a covered patient that already has an index row (a page the main thread applied,
 *    sync's applier) gets a note of its own: the catch-up replaces that row;
 * 2. the covered, unmerged patients whose names are not plain (accents, apostrophes,
 *    hyphens…) get a note of their own: the catch-up indexes them with `indexedName`, once
 *    (written here first and replaced there, an import of hyphenated names wrote every row
 *    twice: the store bench's insert rate fell by a third);
 * 3. every other covered, unmerged patient is indexed here in one statement, by its joined
 *    names in lower case: `indexedName` for names SQL folds as `foldName` does
 *    (`PLAIN_NAMES`). FTS5 writes the rows once, where a first sync's every page wrote a
 *    segment and FTS5 merged them again and again;
 * 4. the notes "from here on" in the range go, one moves past it when patients are left
 *    there, and the patient at the lowest (left out of 1–3) gets a note of its own.
 * What is left noted is the patients whose names are not plain, indexed by `indexSome` in JS
 * as any save's (a search catches up first); SQL never writes a row for a name it cannot fold.
 * Merged records get no index row, as always.
 */
export function nameIndexBuild(span: number | null = null): string[] {
  const inRange = span === null ? '' : `AND p.rowid < ${OWED_FROM} + ${Math.trunc(span)}`;
  return [
    `INSERT INTO patient_name_index_queue (patient_rowid, fresh)
     SELECT p.rowid, 1 FROM patients p
     WHERE p.rowid > ${OWED_FROM} ${inRange}
       AND p.rowid <= coalesce((SELECT rowid FROM patients_fts ORDER BY rowid DESC LIMIT 1), 0)
       AND EXISTS (SELECT 1 FROM patients_fts f WHERE f.rowid = p.rowid)
     ON CONFLICT DO NOTHING`,
    `INSERT INTO patient_name_index_queue (patient_rowid, fresh)
     SELECT p.rowid, 1 FROM patients p
     WHERE p.rowid > ${OWED_FROM} ${inRange} AND p.merged_into IS NULL AND NOT (${PLAIN_NAMES})
     ON CONFLICT DO NOTHING`,
    `INSERT INTO patients_fts (rowid, patient_id, name)
     SELECT p.rowid, p.id, ${PLAIN_INDEXED_NAME} FROM patients p
     WHERE p.rowid > ${OWED_FROM} ${inRange} AND p.merged_into IS NULL
       AND NOT EXISTS (SELECT 1 FROM patient_name_index_queue q WHERE q.patient_rowid = p.rowid AND q.fresh < ${FROM_HERE_ON})
     ORDER BY p.rowid`,
    // The lowest note stays until the last statement, so each one above finds the same range.
    `DELETE FROM patient_name_index_queue WHERE fresh = ${FROM_HERE_ON} AND patient_rowid > ${OWED_FROM}
     ${span === null ? '' : `AND patient_rowid < ${OWED_FROM} + ${Math.trunc(span)}`}`,
    ...(span === null
      ? []
      : [
          `INSERT INTO patient_name_index_queue (patient_rowid, fresh)
           SELECT ${OWED_FROM} + ${Math.trunc(span)}, ${FROM_HERE_ON}
           WHERE EXISTS (SELECT 1 FROM patients WHERE rowid >= ${OWED_FROM} + ${Math.trunc(span)})
           ON CONFLICT DO UPDATE SET fresh = ${FROM_HERE_ON}`,
        ]),
    `UPDATE patient_name_index_queue SET fresh = 1 WHERE fresh = ${FROM_HERE_ON} AND patient_rowid = ${OWED_FROM}`,
  ];
}

/** Every owed patient at once: the end of a pull on the page writer. */
export const NAME_INDEX_BUILD: readonly string[] = nameIndexBuild();

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
