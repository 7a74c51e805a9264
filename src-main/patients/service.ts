import { desc, eq, or } from 'drizzle-orm';
import { DomainError } from '../../src-shared/errors';
import { intakeSchema, type Intake } from '../../src-shared/patients/intake';
import type { DuplicateCandidate, PatientRecord } from '../../src-shared/patients/records';
import type { NewPatient, Patient } from '../../src-shared/patients/schemas';
import type { SocialNeedDomain } from '../../src-shared/patients/social-needs';
import { timeOrderedUuid } from '../store/ids';
import type { Actor, Store } from '../store/store';
import { IntakeDrafts } from './drafts';
import { rowsToIntake } from './intake-rows';
import { findDuplicates, LIKELY, type MatchProbe } from './matching';
import { mergePatients, unmergePatients, type MergeRow } from './merge';
import { patientNameIndex } from './name-index';
import { searchPatients } from './search';
import {
  insertPatient,
  loadChildRows,
  patientDuplicateOverrides,
  patientMerges,
  patients,
  updatePatient,
} from './table';

export class PatientService {
  readonly drafts: IntakeDrafts;

  constructor(private readonly store: Store) {
    this.drafts = new IntakeDrafts(store);
    // Patients a kill left noted but not indexed are indexed once start-up is over (decision 0033).
    patientNameIndex(store).whenIdle();
  }

  /** Quick registration: the four facts, stored as an intake with everything else blank. */
  create(input: NewPatient, actor: Actor): Patient {
    const intake = intakeSchema.parse({
      identity: { firstName: input.firstName, lastName: input.lastName, dateOfBirth: input.dateOfBirth },
      contact: { phones: [{ number: input.phone }] },
    });
    return this.store.write((tx) => insertPatient(this.store, tx, intake, actor));
  }

  /**
   * Creates a patient from a full intake. Likely duplicates are checked again here,
   * inside the write, so a patient registered meanwhile on this workstation is not
   * missed; creating anyway needs the coordinator's reason, which is kept.
   */
  intake(
    request: { intake: Intake; duplicateReview?: { candidateIds: string[]; reason: string } | undefined },
    actor: Actor,
  ): Patient {
    return this.store.write((tx) => {
      const likely = findDuplicates(this.store, probeOf(request.intake)).filter((c) => c.match.score >= LIKELY);
      const review = request.duplicateReview;
      const unreviewed = likely.filter((c) => !review?.candidateIds.includes(c.patient.id));
      if (unreviewed.length > 0) {
        throw new DomainError(
          'CONFLICT',
          `This may be a patient already registered (${unreviewed.map((c) => c.patient.mrn).join(', ')}); review the possible duplicates first`,
        );
      }
      const patient = insertPatient(this.store, tx, request.intake, actor);
      if (review && review.candidateIds.length > 0) {
        const row = {
          id: timeOrderedUuid(),
          patientId: patient.id,
          candidateIds: JSON.stringify(review.candidateIds),
          reason: review.reason,
          userId: actor.userId,
          at: new Date().toISOString(),
        };
        tx.insert(patientDuplicateOverrides).values(row).run();
        this.store.recordChange(
          tx,
          { tableName: 'patient_duplicate_overrides', rowId: row.id, op: 'append', fields: { ...row } },
          actor,
        );
      }
      return patient;
    });
  }

  update(id: string, intake: Intake, actor: Actor): Patient {
    return this.store.write((tx) => {
      const before = tx.select().from(patients).where(eq(patients.id, id)).get();
      if (!before) throw new DomainError('NOT_FOUND', 'No patient with that id');
      if (before.mergedInto) throw new DomainError('CONFLICT', 'This record was merged; edit the surviving patient');
      return updatePatient(this.store, tx, before, intake, actor).patient;
    });
  }

  get(id: string): PatientRecord {
    const { db } = this.store;
    const patient = db.select().from(patients).where(eq(patients.id, id)).get();
    if (!patient) throw new DomainError('NOT_FOUND', 'No patient with that id');
    const rows = loadChildRows(db, id);
    if (rows.phones.length === 0) {
      rows.phones.push({ id: `${id}/phone/0`, patientId: id, slot: 0, number: patient.phone, type: 'mobile', textOk: false, voicemailOk: false }); // prettier-ignore
    }
    const merges = db
      .select()
      .from(patientMerges)
      .where(or(eq(patientMerges.survivorId, id), eq(patientMerges.mergedId, id)))
      .orderBy(desc(patientMerges.mergedAt))
      .all();
    return {
      patient,
      intake: rowsToIntake(patient, rows),
      flaggedNeeds: rows.flags.map((f) => ({ ...f, domain: f.domain as SocialNeedDomain })),
      merges,
    };
  }

  search(text: string, limit: number): Patient[] {
    return searchPatients(this.store, text, limit);
  }

  duplicates(intake: Intake): DuplicateCandidate[] {
    return findDuplicates(this.store, probeOf(intake)).map((c) => ({
      patient: c.patient,
      score: c.match.score,
      level: c.match.level as 'likely' | 'possible',
      reasons: c.match.reasons,
    }));
  }

  merge(m: { survivorId: string; mergedId: string; reason: string }, actor: Actor): MergeRow {
    return this.store.write((tx) => mergePatients(this.store, tx, m, actor));
  }

  unmerge(mergeId: string, actor: Actor): MergeRow {
    return this.store.write((tx) => unmergePatients(this.store, tx, mergeId, actor));
  }
}

export function probeOf(intake: Intake): MatchProbe {
  const { identity, contact } = intake;
  return {
    firstName: identity.firstName,
    middleName: identity.middleName,
    lastName: identity.lastName,
    preferredName: identity.preferredName,
    dateOfBirth: identity.dateOfBirth,
    phones: contact.phones.map((p) => p.number),
    addressLine1: contact.address.line1,
    postalCode: contact.address.postalCode,
  };
}
