import { eq } from 'drizzle-orm';
import type { Appointment, HubState } from '../../src-shared/schedule/schemas';
import { insertRow } from '../store/row-statements';
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

/**
 * The only way an appointment is created: row and `book` command in the caller's transaction.
 * The row goes through a statement prepared once per store (a drizzle insert built per
 * booking cost a sixth of the booking's CPU; decision 0530).
 */
export function insertAppointment(store: Store, tx: Tx, appointment: Appointment, actor: Actor): Appointment {
  const row: AppointmentRow = { ...appointment, resourceIds: JSON.stringify(appointment.resourceIds) };
  insertRow(store, appointments, row);
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

/** Why a booking the hub refused shows as cancelled (decision 0510). */
export const REFUSED_BY_HUB = 'Refused by the hub: the provider was already booked at that time';

/**
 * For the sync engine: the hub's verdict on a booking made here. Not captured in the
 * outbox (it came from the hub). Confirmed: no longer tentative. Rejected: the
 * booking is cancelled here at once, so it no longer holds the provider's time or
 * shows on the grid, and is returned for the caller to put a rebook task on the
 * worklist (decision 0510).
 */
export function applyHubVerdict(tx: Tx, id: string, verdict: Exclude<HubState, 'tentative'>): Appointment | null {
  const refused = verdict === 'rejected' ? { status: 'cancelled' as const, cancelReason: REFUSED_BY_HUB } : {};
  const row = tx
    .update(appointments)
    .set({ hubState: verdict, ...refused, updatedAt: new Date().toISOString() })
    .where(eq(appointments.id, id))
    .returning()
    .get();
  return row ? toAppointment(row) : null;
}

/**
 * How a pulled appointment lands here: the hub keeps a refused booking as `booked`
 * and `rejected` (outside its ledger), but on a workstation it never holds time, so
 * it arrives cancelled, the same as on the workstation that booked it.
 */
export function pulledAppointmentFields(fields: Record<string, unknown>): Record<string, unknown> {
  if (fields.hubState !== 'rejected' || fields.status === 'cancelled') return fields;
  return { ...fields, status: 'cancelled', cancelReason: fields.cancelReason ?? REFUSED_BY_HUB };
}
