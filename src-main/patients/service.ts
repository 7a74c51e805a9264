import { eq, inArray, like, sql } from 'drizzle-orm';
import { DomainError } from '../../src-shared/errors';
import type { NewPatient, Patient } from '../../src-shared/patients/schemas';
import { readPatientQuery } from '../../src-shared/patients/search-query';
import type { Actor, Store } from '../store/store';
import { insertPatient, patients } from './table';

export class PatientService {
  constructor(private readonly store: Store) {}

  create(input: NewPatient, actor: Actor): Patient {
    return this.store.write((tx) => insertPatient(this.store, tx, input, actor));
  }

  get(id: string): Patient {
    const patient = this.store.db.select().from(patients).where(eq(patients.id, id)).get();
    if (!patient) throw new DomainError('NOT_FOUND', 'No patient with that id');
    return patient;
  }

  /** Search as coordinators type: name words in any order, a date of birth, a phone, or an MRN. */
  search(text: string, limit: number): Patient[] {
    const query = readPatientQuery(text);
    const { db } = this.store;
    const byName = (a: Patient, b: Patient) =>
      a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName);
    switch (query.kind) {
      case 'empty':
        return [];
      case 'mrn':
        return db.select().from(patients).where(eq(patients.mrn, query.mrn)).limit(limit).all();
      case 'dateOfBirth':
        return db
          .select()
          .from(patients)
          .where(eq(patients.dateOfBirth, query.isoDate))
          .all()
          .sort(byName)
          .slice(0, limit);
      case 'phone': {
        const where = query.e164 ? eq(patients.phone, query.e164) : like(patients.phone, `%${query.digits}`);
        return db.select().from(patients).where(where).all().sort(byName).slice(0, limit);
      }
      case 'name': {
        // Every word must prefix-match some name part; bm25 ranks the closest first.
        const match = query.words.map((w) => `"${w.replaceAll('"', '')}"*`).join(' AND ');
        const ids = db
          .all<{ patient_id: string }>(
            sql`SELECT patient_id FROM patients_fts WHERE patients_fts MATCH ${match} ORDER BY bm25(patients_fts) LIMIT ${limit}`,
          )
          .map((r) => r.patient_id);
        if (ids.length === 0) return [];
        const rows = new Map(
          db
            .select()
            .from(patients)
            .where(inArray(patients.id, ids))
            .all()
            .map((p) => [p.id, p]),
        );
        return ids.map((id) => rows.get(id)).filter((p): p is Patient => p !== undefined);
      }
    }
  }
}
