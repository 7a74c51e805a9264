import { and, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import { foldName, readPatientQuery } from '../../src-shared/patients/search-query';
import type { Db } from '../store/database';
import { indexedName } from './name-index';
import { patients, type PatientRow } from './table';

const live = isNull(patients.mergedInto);
const byName = (a: PatientRow, b: PatientRow) =>
  a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName);

/**
 * Search as coordinators type: name words in any order (partial, any case, accents
 * optional), a date of birth in any common format, a phone in any format, or an MRN.
 * Merged records are left out; their survivor is found instead.
 */
export function searchPatients(db: Db, text: string, limit: number): PatientRow[] {
  const query = readPatientQuery(text);
  switch (query.kind) {
    case 'empty':
      return [];
    case 'mrn':
      return db.select().from(patients).where(eq(patients.mrn, query.mrn)).limit(limit).all();
    case 'dateOfBirth':
      return db
        .select()
        .from(patients)
        .where(and(eq(patients.dateOfBirth, query.isoDate), live))
        .limit(1000)
        .all()
        .sort(byName)
        .slice(0, limit);
    case 'phone': {
      const ids = query.e164
        ? sql`(SELECT patient_id FROM patient_phones WHERE number = ${query.e164})`
        : sql`(SELECT patient_id FROM patient_phones WHERE number LIKE ${`%${query.digits}`})`;
      const rows = db
        .select()
        .from(patients)
        .where(and(inArray(patients.id, ids), live))
        .limit(1000)
        .all();
      if (rows.length === 0 && !query.e164) {
        // Records from before patient_phones held every phone.
        return db
          .select()
          .from(patients)
          .where(and(like(patients.phone, `%${query.digits}`), live))
          .limit(limit)
          .all();
      }
      return rows.sort(byName).slice(0, limit);
    }
    case 'name':
      return searchByName(db, query.words, limit);
  }
}

/** How many index hits are re-ranked; more than a screenful, few enough to stay fast. */
const RERANK_POOL = 200;

function searchByName(db: Db, words: string[], limit: number): PatientRow[] {
  // Every word must prefix some name part: "rosa okon" finds Rosalind Okonkwo.
  const match = words.map((w) => `"${w.replaceAll('"', '')}"*`).join(' AND ');
  const hits = db.all<{ patient_id: string }>(
    sql`SELECT patient_id FROM patients_fts WHERE patients_fts MATCH ${match} ORDER BY rank LIMIT ${RERANK_POOL}`,
  );
  if (hits.length === 0) return [];
  const rows = new Map(
    db
      .select()
      .from(patients)
      .where(
        inArray(
          patients.id,
          hits.map((h) => h.patient_id),
        ),
      )
      .all()
      .map((p) => [p.id, p]),
  );
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
