import { eq } from 'drizzle-orm';
import type { Appointment, HubState } from '../../src-shared/schedule/schemas';
import type { Actor, Store, Tx } from '../store/store';
import { appointments } from './table';

export type AppointmentRow = typeof appointments.$inferSelect;

/**
 * How a booking travels to the hub: the outbox's `appointments` changes carry a
 * `command` the hub executes against PostgreSQL (decision 0500):
 * - `insert` + `book`: the whole appointment;
 * - `update` + `reschedule`: the new `providerId`, `startsAt`, `endsAt`;
 * - `update` + `cancel`: `status: 'cancelled'` and the reason, which frees the slot;
 * - `update` without a command: ordinary fields (status confirmed/arrived, notes).
 */
export type BookingCommand = 'book' | 'reschedule' | 'cancel';

export function toAppointment(row: AppointmentRow): Appointment {
  return { ...row, resourceIds: JSON.parse(row.resourceIds) as string[] };
}

/** The only way an appointment is created: row and `book` command in the caller's transaction. */
export function insertAppointment(store: Store, tx: Tx, appointment: Appointment, actor: Actor): Appointment {
  const row: AppointmentRow = { ...appointment, resourceIds: JSON.stringify(appointment.resourceIds) };
  tx.insert(appointments).values(row).run();
  store.recordChange(
    tx,
    { tableName: 'appointments', rowId: row.id, op: 'insert', fields: { command: 'book', ...appointment } },
    actor,
  );
  return appointment;
}

/** Every later change to an appointment: the row and its change (a command, or plain fields) together. */
export function changeAppointment(
  store: Store,
  tx: Tx,
  id: string,
  fields: Partial<Omit<AppointmentRow, 'id' | 'createdAt' | 'updatedAt' | 'resourceIds'>>,
  command: Exclude<BookingCommand, 'book'> | null,
  actor: Actor,
): Appointment {
  const updatedAt = new Date().toISOString();
  const row = tx
    .update(appointments)
    .set({ ...fields, updatedAt })
    .where(eq(appointments.id, id))
    .returning()
    .get();
  if (!row) throw new Error(`No appointment ${id}`);
  store.recordChange(
    tx,
    {
      tableName: 'appointments',
      rowId: id,
      op: 'update',
      fields: command ? { command, ...fields, updatedAt } : { ...fields, updatedAt },
    },
    actor,
  );
  return toAppointment(row);
}

/**
 * For the sync engine: the hub's verdict on a booking made here. Not captured in the
 * outbox (it came from the hub). A rejection frees the slot locally and returns the
 * appointment, so the caller can put a rebook task on the worklist.
 */
export function applyHubVerdict(tx: Tx, id: string, verdict: Exclude<HubState, 'tentative'>): Appointment | null {
  const row = tx
    .update(appointments)
    .set({ hubState: verdict, updatedAt: new Date().toISOString() })
    .where(eq(appointments.id, id))
    .returning()
    .get();
  return row ? toAppointment(row) : null;
}
