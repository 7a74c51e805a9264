import { eq } from 'drizzle-orm';
import { applyHubVerdict, toAppointment } from '../schedule/appointments';
import { appointments } from '../schedule/table';
import type { VisitTasks } from '../schedule/visit-tasks';
import type { AccountService } from '../session/accounts';
import type { Tx } from '../store/store';
import type { RefusedBooking } from './engine';

/** Who the rebook task says created it when the booking's author is not known here. */
const SYNC_AUTHOR = { userId: 'sync', name: 'Clinic sync' };

/**
 * The engine's answer to a booking the hub refused: a new booking is marked
 * rejected here at once (the slot is someone else's), and the coordinators get a
 * task to call the patient and rebook. A refused reschedule keeps its old time (the
 * hub sends its version back) and gets the same task, since the patient was told
 * the new one.
 */
export function rebookRefused(accounts: AccountService, tasks: VisitTasks, tx: Tx, refused: RefusedBooking): void {
  const appointment =
    refused.command === 'book'
      ? applyHubVerdict(tx, refused.appointmentId, 'rejected')
      : current(tx, refused.appointmentId);
  if (!appointment) return;
  const booker = refused.userId ? accounts.byId(refused.userId) : undefined;
  const author = booker ? { userId: booker.id, name: booker.displayName } : SYNC_AUTHOR;
  const reason =
    refused.command === 'book'
      ? 'the slot was taken on another workstation'
      : 'the new time was taken on another workstation';
  tasks.rebook(tx, appointment, reason, author);
}

function current(tx: Tx, id: string) {
  const row = tx.select().from(appointments).where(eq(appointments.id, id)).get();
  return row ? toAppointment(row) : null;
}
