import { sql } from 'drizzle-orm';
import { foldName, readPatientQuery } from '../../src-shared/patients/search-query';
import { rowReader } from '../store/row-statements';
import { patientNameIndex } from './name-index';
import type { Store } from '../store/store';
import { patients, type PatientRow } from './table';

/**
 * Not merged, in raw SQL over `patients`. The unary `+` keeps SQLite from answering with
 * the `merged_into` index: nearly every patient is unmerged, so an index over them all
 * would read the whole table, while the date, phone or id term beside it finds a
 * handful (decision 0311).
 */
export const UNMERGED = '+merged_into IS NULL';
const byName = (a: PatientRow, b: PatientRow) =>
  a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName);

/** Patients sharing a date of birth or a phone, at most; then sorted by name. */
const MAX_SAME = 1_000;

const readPatient = rowReader<PatientRow>(patients);

type NameHit = { rowid: number; patient_id: string; name: string };

/**
 * The search statements, prepared once per store: at search speed, preparing costs
 * more than running. Raw statements read through `readPatient`, which maps rows as
 * drizzle would at half the cost.
 */
function prepareSearch({ db, sqlite }: Store) {
  const rows = (where: string) => {
    const statement = sqlite.prepare<[string]>(`SELECT * FROM patients WHERE ${where}`);
    return (arg: string) => (statement.all(arg) as Array<Record<string, unknown>>).map(readPatient);
  };
  return {
    mrn: db
      .select()
      .from(patients)
      .where(sql`${patients.mrn} = ${sql.placeholder('mrn')}`)
      .prepare(),
    dateOfBirth: rows(`date_of_birth = ? AND ${UNMERGED} LIMIT ${MAX_SAME}`),
    phone: rows(`id IN (SELECT patient_id FROM patient_phones WHERE number = ?) AND ${UNMERGED} LIMIT ${MAX_SAME}`),
    // A number typed from its start, still incomplete: GLOB with a fixed prefix is a
    // range on the number index (LIKE is not: it ignores case, the index does not).
    phonePrefix: rows(
      `id IN (SELECT patient_id FROM patient_phones WHERE number GLOB ?) AND ${UNMERGED} LIMIT ${MAX_SAME}`,
    ),
    phoneEnding: rows(
      `id IN (SELECT patient_id FROM patient_phones WHERE number LIKE ?) AND ${UNMERGED} LIMIT ${MAX_SAME}`,
    ),
    // No bm25 (no `rank`): its weights count every row holding each term, which for a
    // prefix like "jo" reads tens of thousands of entries at a million patients, even
    // with LIMIT. Hits come in rowid order and stop at the limit. The stored name is
    // what re-ranking reads, so no patient row is fetched for a hit not shown.
    nameHits: sqlite.prepare<[string, number], NameHit>(
      'SELECT rowid, patient_id, name FROM patients_fts WHERE patients_fts MATCH ? LIMIT ?',
    ),
    byIds: rows('id IN (SELECT value FROM json_each(?))'),
    // A name hit's row is the one with the index row's rowid (name-index.ts): one read
    // each, where by id every hit also descended the id index.
    byRowids: rows('rowid IN (SELECT value FROM json_each(?))'),
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
      return q.byIds(JSON.stringify(survivors)).slice(0, limit);
    }
    case 'dateOfBirth':
      return q.dateOfBirth(query.isoDate).sort(byName).slice(0, limit);
    case 'phone': {
      const rows = query.e164 ? q.phone(query.e164) : partialPhone(q, query.digits);
      return rows.sort(byName).slice(0, limit);
    }
    case 'name':
      // Patients saved in the last moments may not be indexed yet (decision 0033).
      patientNameIndex(store).catchUp();
      return searchByName(q, query.words, limit);
  }
}

/**
 * Digits of a phone still being typed. Typed from its start (a North American number),
 * they begin the stored E.164 number: an index range, fast at a million patients. Only
 * when that finds nobody are they taken as the number's last digits, which reads every
 * phone.
 */
function partialPhone(q: ReturnType<typeof searchQueries>, digits: string): PatientRow[] {
  const fromStart = q.phonePrefix(`${digits.startsWith('1') ? '+' : '+1'}${digits}*`);
  return fromStart.length > 0 ? fromStart : q.phoneEnding(`%${digits}`);
}

/**
 * Names: every word must prefix some name part ("rosa okon" finds Rosalind Okonkwo),
 * and whole-word agreement outranks a prefix ("ann lee" puts Ann Lee above Annabel
 * Leeds). Without ranking every match (decision 0311), the pool is the first hits of
 * index queries in the order people type: every word whole, then every word whole but
 * the last (still being typed), then — if those leave room — every word a prefix. So
 * whole-word matches are found however many prefix matches a million patients hold.
 * The pool is ordered by whole words, then by how few other name parts the patient
 * has (what bm25 rewarded: "ann lee" is Ann Lee before Ann Marie Lee-Park), then name.
 */
function searchByName(q: ReturnType<typeof searchQueries>, words: string[], limit: number): PatientRow[] {
  const terms = words.map((w) => `"${w.replaceAll('"', '')}"`);
  const last = terms.length - 1;
  const matches = [
    terms.join(' AND '),
    terms.map((t, i) => (i === last ? `${t}*` : t)).join(' AND '),
    terms.map((t) => `${t}*`).join(' AND '),
  ];
  const poolSize = Math.max(2 * limit, 50);
  const pool = new Map<string, NameHit>();
  for (const [i, match] of [...new Set(matches)].entries()) {
    // The first query's hits hold every typed word whole, so they outrank anything a
    // later query adds: with a screenful of them the others cannot change what is shown
    // (the prefix queries are the dear ones, decision 0330).
    if (i === 1 && pool.size >= limit) break;
    if (match === matches[2] && pool.size >= poolSize) break;
    for (const hit of q.nameHits.all(match, poolSize)) pool.set(hit.patient_id, hit);
  }
  if (pool.size === 0) return [];
  const folded = words.map(foldName);
  const ranked = [...pool.values()]
    .map((hit) => {
      const parts = new Set(hit.name.split(' '));
      return { hit, whole: folded.filter((w) => parts.has(w)).length, parts: parts.size };
    })
    .sort((a, b) => b.whole - a.whole || a.parts - b.parts);
  // Rows only for what can be shown; a few spare in case a record was merged meanwhile.
  const shown = ranked.slice(0, limit + 5);
  const rows = new Map(q.byRowids(JSON.stringify(shown.map((h) => h.hit.rowid))).map((p) => [p.id, p]));
  // A hit whose rowid no longer names its patient (rowids renumbered, e.g. by VACUUM) is read by id.
  const drifted = shown.filter((h) => !rows.has(h.hit.patient_id)).map((h) => h.hit.patient_id);
  if (drifted.length > 0) for (const p of q.byIds(JSON.stringify(drifted))) rows.set(p.id, p);
  return shown
    .map((h) => ({ ...h, row: rows.get(h.hit.patient_id) }))
    .filter((x): x is typeof x & { row: PatientRow } => x.row !== undefined && !x.row.mergedInto)
    .sort((a, b) => b.whole - a.whole || a.parts - b.parts || byName(a.row, b.row))
    .slice(0, limit)
    .map((x) => x.row);
}
