import { z } from 'zod';

/**
 * Appointments travel as commands, mapped onto the outbox's operations:
 * - `insert` = book: the full appointment, `providerId`, `patientId`, `startsAt`, `endsAt` required;
 * - `update` with `startsAt`, `endsAt` or `providerId` = reschedule; other fields
 *   (status confirmed/arrived, notes) are ordinary field updates;
 * - `delete`, or an update to status `cancelled` = cancel (the slot is freed).
 * Instants are ISO 8601 with an offset; the hub stores them as timestamptz.
 */
export const BOOKINGS_TABLE = 'appointments';

/** Statuses that hold a provider's time; the others free the slot. */
export const INACTIVE_BOOKING_STATUSES = ['cancelled', 'rejected'] as const;

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
