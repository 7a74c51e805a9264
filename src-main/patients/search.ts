import { and, isNull, sql } from 'drizzle-orm';
import { foldName, readPatientQuery } from '../../src-shared/patients/search-query';
import type { Store } from '../store/store';
import { indexedName } from './name-index';
import { patients, type PatientRow } from './table';

const live = isNull(patients.mergedInto);
const byName = (a: PatientRow, b: PatientRow) =>
  a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName);

/** How many index hits are re-ranked; more than a screenful, few enough to stay fast. */
const RERANK_POOL = 200;
/** Patients sharing a date of birth or a phone, at most; then sorted by name. */
const MAX_SAME = 1_000;

/** The search statements, prepared once per store: at search speed, preparing costs more than running. */
function prepareSearch({ db, sqlite }: Store) {
  const p = (name: string) => sql.placeholder(name);
  return {
    mrn: db
      .select()
      .from(patients)
      .where(sql`${patients.mrn} = ${p('mrn')}`)
      .prepare(),
    dateOfBirth: db
      .select()
      .from(patients)
      .where(and(sql`${patients.dateOfBirth} = ${p('dob')}`, live))
      .limit(MAX_SAME)
      .prepare(),
    phone: db
      .select()
      .from(patients)
      .where(and(sql`${patients.id} IN (SELECT patient_id FROM patient_phones WHERE number = ${p('e164')})`, live))
      .limit(MAX_SAME)
      .prepare(),
    phoneEnding: db
      .select()
      .from(patients)
      .where(
        and(sql`${patients.id} IN (SELECT patient_id FROM patient_phones WHERE number LIKE ${p('pattern')})`, live),
      )
      .limit(MAX_SAME)
      .prepare(),
    nameHits: sqlite.prepare<[string, number], { patient_id: string }>(
      'SELECT patient_id FROM patients_fts WHERE patients_fts MATCH ? ORDER BY rank LIMIT ?',
    ),
    byIds: db
      .select()
      .from(patients)
      .where(sql`${patients.id} IN (SELECT value FROM json_each(${p('ids')}))`)
      .prepare(),
  };
}
const prepared = new WeakMap<Store, ReturnType<typeof prepareSearch>>();
function searchQueries(store: Store) {
  let q = prepared.get(store);
  if (!q) prepared.set(store, (q = prepareSearch(store)));
  return q;
}

/**
 * Search as coordinators type: name words in any order (partial, any case, accents
 * optional), a date of birth in any common format, a phone in any format, or an MRN.
 * Merged records are left out; their survivor is found instead.
 */
export function searchPatients(store: Store, text: string, limit: number): PatientRow[] {
  const query = readPatientQuery(text);
  const q = searchQueries(store);
  switch (query.kind) {
    case 'empty':
      return [];
    case 'mrn': {
      // An MRN from before a merge (on a letter, a referral) finds the record that survived it.
      const rows = q.mrn.all({ mrn: query.mrn });
      const survivors = rows.filter((r) => r.mergedInto).map((r) => r.mergedInto!);
      if (survivors.length === 0) return rows.slice(0, limit);
      return q.byIds.all({ ids: JSON.stringify(survivors) }).slice(0, limit);
    }
    case 'dateOfBirth':
      return q.dateOfBirth.all({ dob: query.isoDate }).sort(byName).slice(0, limit);
    case 'phone': {
      const rows = query.e164 ? q.phone.all({ e164: query.e164 }) : q.phoneEnding.all({ pattern: `%${query.digits}` });
      return rows.sort(byName).slice(0, limit);
    }
    case 'name':
      return searchByName(q, query.words, limit);
  }
}

function searchByName(q: ReturnType<typeof searchQueries>, words: string[], limit: number): PatientRow[] {
  // Every word must prefix some name part: "rosa okon" finds Rosalind Okonkwo.
  const match = words.map((w) => `"${w.replaceAll('"', '')}"*`).join(' AND ');
  const hits = q.nameHits.all(match, RERANK_POOL);
  if (hits.length === 0) return [];
  const rows = new Map(q.byIds.all({ ids: JSON.stringify(hits.map((h) => h.patient_id)) }).map((p) => [p.id, p]));
  // Whole-word agreement outranks a prefix: "ann lee" puts Ann Lee above Annabel Leeds.
  const wholeWords = (p: PatientRow) => {
    const parts = new Set(indexedName(p).split(' '));
    return words.filter((w) => parts.has(foldName(w))).length;
  };
  return hits
    .map((h, rank) => ({ row: rows.get(h.patient_id), rank }))
    .filter((x): x is { row: PatientRow; rank: number } => x.row !== undefined && !x.row.mergedInto)
    .map((x) => ({ ...x, whole: wholeWords(x.row) }))
    .sort((a, b) => b.whole - a.whole || a.rank - b.rank || byName(a.row, b.row))
    .slice(0, limit)
    .map((x) => x.row);
}
