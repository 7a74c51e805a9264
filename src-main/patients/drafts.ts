import { eq } from 'drizzle-orm';
import type { Draft } from '../../src-shared/patients/records';
import type { Actor, Store } from '../store/store';
import { intakeDrafts } from './table';
import { deleteRowById } from '../store/row-statements';

type Subject = Draft['subject'];
type DraftData = Draft['data'];

/**
 * Intakes in progress, one per user and subject (`new`, or the patient being edited).
 * They live in the encrypted store like everything else, so typing survives a crash
 * and never touches disk in plaintext. They are this workstation's scratch state:
 * not a record, not synced, and gone once the intake is saved or discarded.
 */
export class IntakeDrafts {
  constructor(private readonly store: Store) {}

  save(subject: Subject, data: DraftData, actor: Actor): { savedAt: string } {
    const savedAt = new Date().toISOString();
    const row = {
      id: draftId(actor, subject),
      userId: actor.userId,
      subject,
      data: JSON.stringify(data),
      updatedAt: savedAt,
    };
    this.store.db
      .insert(intakeDrafts)
      .values(row)
      .onConflictDoUpdate({ target: intakeDrafts.id, set: { data: row.data, updatedAt: savedAt } })
      .run();
    return { savedAt };
  }

  get(subject: Subject, actor: Actor): Draft | null {
    const row = this.store.db
      .select()
      .from(intakeDrafts)
      .where(eq(intakeDrafts.id, draftId(actor, subject)))
      .get();
    return row ? { subject, data: JSON.parse(row.data) as DraftData, savedAt: row.updatedAt } : null;
  }

  /** Also runs inside every intake save, so it is a statement prepared once, not a query built per call. */
  discard(subject: Subject, actor: Actor): null {
    deleteRowById(this.store, intakeDrafts, draftId(actor, subject));
    return null;
  }
}

const draftId = (actor: Actor, subject: Subject) => `${actor.userId}|${subject}`;
