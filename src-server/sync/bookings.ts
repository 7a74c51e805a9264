import { and, eq } from 'drizzle-orm';
import { bookCommandSchema, COMMAND_FIELD, SLOT_FIELDS } from '../../src-shared/sync/bookings';
import type { SyncChange } from '../../src-shared/sync/protocol';
import type { HubTx } from '../db/connect';
import { appointments } from '../db/schema';
import type { RecordState } from './records';

export type BookingOutcome =
  | { kind: 'applied'; record: RecordState }
  | { kind: 'duplicate' }
  | { kind: 'rejected'; reason: 'invalid_fields' | 'unknown_row'; message: string }
  /** The provider is taken at that time: the booking comes back as a rebook task. */
  | { kind: 'slot_taken'; record: RecordState | null; requested: Record<string, unknown> };

interface Caller {
  orgId: string;
  deviceId: string;
  userId: string;
}

/**
 * Runs one booking command against the ledger. Each write runs in a savepoint, so
 * when the exclusion constraint refuses it (SQLSTATE 23P01) only that command is
 * undone and the rest of the batch commits.
 */
export async function runBookingCommand(
  tx: HubTx,
  caller: Caller,
  change: SyncChange,
  current: RecordState | undefined,
  seq: number,
): Promise<BookingOutcome> {
  const where = and(eq(appointments.orgId, caller.orgId), eq(appointments.id, change.rowId));
  const [ledger] = await tx.select().from(appointments).where(where);

  if (change.op === 'insert' || change.op === 'append') {
    if (ledger) return { kind: 'duplicate' };
    const parsed = bookCommandSchema.safeParse(change.fields);
    if (!parsed.success)
      return { kind: 'rejected', reason: 'invalid_fields', message: parsed.error.issues[0]!.message };
    const booking = parsed.data;
    const status = booking.status ?? 'booked';
    const { [COMMAND_FIELD]: _command, ...appointment } = change.fields;
    const taken = await refusedAsOverlap(tx, (sp) =>
      sp.insert(appointments).values({
        orgId: caller.orgId,
        id: change.rowId,
        providerId: booking.providerId,
        patientId: booking.patientId,
        startsAt: booking.startsAt,
        endsAt: booking.endsAt,
        status,
        bookedBy: change.userId ?? caller.userId,
        deviceId: caller.deviceId,
      }),
    );
    const fields = { ...appointment, status, hubState: taken ? 'rejected' : 'confirmed' };
    // Refused or not, every workstation learns the outcome: the one that booked
    // offline turns its tentative block into a rejected one.
    return taken
      ? { kind: 'slot_taken', record: mirror(change, fields, seq), requested: change.fields }
      : { kind: 'applied', record: mirror(change, fields, seq) };
  }

  if (!ledger || !current) return { kind: 'rejected', reason: 'unknown_row', message: 'No such appointment' };
  const cancel = change.op === 'delete';
  const { [COMMAND_FIELD]: _command, ...changed } = change.fields;
  const fields: Record<string, unknown> = cancel
    ? { ...current.fields, status: 'cancelled' }
    : { ...current.fields, ...changed, hubState: 'confirmed' };
  const next = bookCommandSchema.safeParse(fields);
  if (!next.success) return { kind: 'rejected', reason: 'invalid_fields', message: next.error.issues[0]!.message };
  const status = next.data.status ?? 'booked';
  const ledgerChanged =
    ledger.providerId !== next.data.providerId ||
    Date.parse(ledger.startsAt) !== Date.parse(next.data.startsAt) ||
    Date.parse(ledger.endsAt) !== Date.parse(next.data.endsAt) ||
    ledger.status !== status ||
    // A patient merge moves the visit to the surviving record (decision 0320).
    ledger.patientId !== next.data.patientId;
  if (ledgerChanged) {
    const taken = await refusedAsOverlap(tx, (sp) =>
      sp
        .update(appointments)
        .set({
          providerId: next.data.providerId,
          startsAt: next.data.startsAt,
          endsAt: next.data.endsAt,
          status,
          patientId: next.data.patientId,
        })
        .where(where),
    );
    if (taken) {
      const requested = Object.fromEntries(SLOT_FIELDS.map((f) => [f, fields[f]]));
      // The row is sent again unchanged so the workstation that moved it offline moves it back.
      return {
        kind: 'slot_taken',
        record: { ...current, version: seq },
        requested: { ...requested, patientId: next.data.patientId },
      };
    }
  }
  return { kind: 'applied', record: { ...current, fields, hlc: change.hlc, version: seq } };
}

function mirror(change: SyncChange, fields: Record<string, unknown>, seq: number): RecordState {
  return {
    tableName: change.table,
    rowId: change.rowId,
    fields,
    fieldStamps: {},
    deleted: false,
    hlc: change.hlc,
    version: seq,
  };
}

async function refusedAsOverlap(tx: HubTx, write: (savepoint: HubTx) => Promise<unknown>): Promise<boolean> {
  try {
    await tx.transaction(async (savepoint) => {
      await write(savepoint);
    });
    return false;
  } catch (error) {
    if (sqlState(error) === '23P01') return true;
    throw error;
  }
}

export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code ?? e?.cause?.code;
}
