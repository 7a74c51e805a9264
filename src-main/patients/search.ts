import { and, isNull, sql } from 'drizzle-orm';
import { foldName, readPatientQuery } from '../../src-shared/patients/search-query';
import type { Store } from '../store/store';
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
    // No ORDER BY rank: ranking every match reads the whole doclist (tens of
    // thousands of rows for "jo" at a million patients); bm25 of the rows returned
    // only is cheap. The stored name is what re-ranking reads, so no patient row is
    // fetched for a hit that is not shown.
    nameHits: sqlite.prepare<[string, number], { patient_id: string; name: string; rank: number }>(
      'SELECT patient_id, name, rank FROM patients_fts WHERE patients_fts MATCH ? LIMIT ?',
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

/**
 * Names: every word must prefix some name part ("rosa okon" finds Rosalind Okonkwo),
 * and whole-word agreement outranks a prefix ("ann lee" puts Ann Lee above Annabel
 * Leeds). The pool is the first RERANK_POOL prefix matches plus the first RERANK_POOL
 * whole-word matches, so a whole-word match is found however many prefix matches
 * there are; the pool is ordered by whole words, then bm25, then name (decision 0311).
 */
function searchByName(q: ReturnType<typeof searchQueries>, words: string[], limit: number): PatientRow[] {
  const terms = words.map((w) => `"${w.replaceAll('"', '')}"`);
  const pool = new Map<string, { name: string; rank: number }>();
  for (const match of [terms.join(' AND '), terms.map((t) => `${t}*`).join(' AND ')]) {
    for (const hit of q.nameHits.all(match, RERANK_POOL)) pool.set(hit.patient_id, hit);
  }
  if (pool.size === 0) return [];
  const folded = words.map(foldName);
  const wholeWords = (name: string) => {
    const parts = new Set(name.split(' '));
    return folded.filter((w) => parts.has(w)).length;
  };
  const ranked = [...pool]
    .map(([id, hit]) => ({ id, rank: hit.rank, whole: wholeWords(hit.name) }))
    .sort((a, b) => b.whole - a.whole || a.rank - b.rank);
  // Rows only for what can be shown; a few spare in case a record was merged meanwhile.
  const shown = ranked.slice(0, limit + 10);
  const rows = new Map(q.byIds.all({ ids: JSON.stringify(shown.map((h) => h.id)) }).map((p) => [p.id, p]));
  return shown
    .map((h) => ({ ...h, row: rows.get(h.id) }))
    .filter((x): x is typeof x & { row: PatientRow } => x.row !== undefined && !x.row.mergedInto)
    .sort((a, b) => b.whole - a.whole || a.rank - b.rank || byName(a.row, b.row))
    .slice(0, limit)
    .map((x) => x.row);
}
