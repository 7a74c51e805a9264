import { z } from 'zod';

/**
 * Appointments travel as commands (decision 0500 of the scheduling slice), mapped
 * onto the outbox's operations; the change's fields may name the `command`:
 * - `insert` (`book`): the whole appointment, `providerId`, `patientId`, `startsAt`, `endsAt` required;
 * - `update` (`reschedule`): a new `providerId`, `startsAt` or `endsAt`;
 * - `update` (`cancel`) with `status: 'cancelled'`, or `delete`: the slot is freed;
 * - `update` without a command: ordinary fields (status confirmed/arrived, notes).
 * Instants are ISO 8601 UTC; the hub stores them as timestamptz. The hub answers
 * with the appointment's row carrying `hubState`: `confirmed`, or `rejected` when
 * the provider was taken, and then a rebook item for the coordinator who booked.
 */
export const BOOKINGS_TABLE = 'appointments';

/** Statuses that hold a provider's time; the others free the slot. */
export const INACTIVE_BOOKING_STATUSES = ['cancelled'] as const;
/** The field a change may carry to name its command; never stored as an appointment field. */
export const COMMAND_FIELD = 'command';

const instant = z.iso.datetime({ offset: true });

export const bookingSlotSchema = z
  .object({
    providerId: z.string().min(1).max(128),
    startsAt: instant,
    endsAt: instant,
  })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), {
    message: 'An appointment must end after it starts',
    path: ['endsAt'],
  });

export const bookCommandSchema = z
  .looseObject({
    providerId: z.string().min(1).max(128),
    patientId: z.string().min(1).max(128),
    startsAt: instant,
    endsAt: instant,
    status: z.string().max(32).optional(),
  })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), {
    message: 'An appointment must end after it starts',
    path: ['endsAt'],
  });

export const SLOT_FIELDS = ['providerId', 'startsAt', 'endsAt'] as const;
