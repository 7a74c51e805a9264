import { randomInt, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { NewPatient, Patient } from '../../src-shared/patients/schemas';
import { foldName } from '../../src-shared/patients/search-query';
import type { Actor, Store, Tx } from '../store/store';

export const patients = sqliteTable(
  'patients',
  {
    id: text('id').primaryKey(),
    mrn: text('mrn').notNull().unique(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    dateOfBirth: text('date_of_birth').notNull(),
    phone: text('phone').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('patients_dob').on(t.dateOfBirth), index('patients_phone').on(t.phone)],
);
// The name index `patients_fts` (FTS5) lives in a hand-written migration: drizzle
// does not model virtual tables.

/**
 * A medical record number made on the workstation, so intake works offline:
 * 11 random digits and a Luhn check digit (a typo in a read-back MRN is caught).
 */
export function newMrn(): string {
  const digits = Array.from({ length: 11 }, () => randomInt(10));
  return `MRN-${digits.join('')}${luhnCheckDigit(digits)}`;
}

function luhnCheckDigit(digits: number[]): number {
  let sum = 0;
  digits
    .slice()
    .reverse()
    .forEach((d, i) => {
      const v = i % 2 === 0 ? d * 2 : d;
      sum += v > 9 ? v - 9 : v;
    });
  return (10 - (sum % 10)) % 10;
}

/** The only way a patient row is created: row, name index and outbox entry in one transaction. */
export function insertPatient(store: Store, tx: Tx, input: NewPatient, actor: Actor): Patient {
  const now = new Date().toISOString();
  const patient: Patient = { id: randomUUID(), mrn: newMrn(), ...input, createdAt: now, updatedAt: now };
  tx.insert(patients).values(patient).run();
  tx.run(
    sql`INSERT INTO patients_fts (patient_id, name) VALUES (${patient.id}, ${foldName(`${patient.firstName} ${patient.lastName}`)})`,
  );
  store.recordChange(tx, { tableName: 'patients', rowId: patient.id, op: 'insert', fields: { ...patient } }, actor);
  return patient;
}
