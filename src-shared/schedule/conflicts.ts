import type { Role } from '../roles';
import { displayTime, fromIso, MINUTE, type Instant } from './clinic-time';
import { overlaps, templateWindows, exceptionsFor, type Interval } from './availability';
import type { AppointmentType, AvailabilityTemplate, Conflict, Location, Provider, ScheduleException } from './schemas';

/** Who may book over a soft conflict (outside hours, a patient overlap...), always with a reason. */
export const OVERRIDE_ROLES: readonly Role[] = ['supervisor', 'admin'];
export const mayOverride = (role: Role): boolean => OVERRIDE_ROLES.includes(role);

/** Something already holding time: an active appointment, as the rules see it. */
export interface Booked extends Interval {
  appointmentId: string;
  providerId: string;
  patientId: string;
  /** Minutes the provider stays busy after it ends (the type's buffer). */
  bufferMinutes: number;
  resourceIds: readonly string[];
}

export interface Candidate {
  /** Set when moving an existing appointment, so it never conflicts with itself. */
  appointmentId?: string;
  patientId: string;
  provider: Provider;
  type: AppointmentType;
  location: Location;
  start: Instant;
  end: Instant;
}

/** What the rules need to know around a candidate; the caller loads only the day in question. */
export interface ConflictContext {
  templates: readonly AvailabilityTemplate[];
  exceptions: readonly ScheduleException[];
  locations: ReadonlyMap<string, Location>;
  providerNames: ReadonlyMap<string, string>;
  resourceNames: ReadonlyMap<string, string>;
  /** Active appointments of the provider, of the patient and of the type's resources around the candidate. */
  booked: readonly Booked[];
  /** The candidate's local date in its location's zone. */
  date: string;
}

/**
 * Every reason a booking should not stand, in the words a coordinator reads. Pure,
 * so the renderer previews exactly what the main process enforces and the hub can
 * run the same rules. A provider's double booking is never overridable: the hub's
 * exclusion constraint would refuse it anyway (decision 0502).
 */
export function checkBooking(c: Candidate, ctx: ConflictContext): Conflict[] {
  const conflicts: Conflict[] = [];
  const zone = c.location.timeZone;
  const span = (a: Instant, b: Instant) => `${displayTime(a, zone)}–${displayTime(b, zone)}`;
  const providerName = c.provider.name;

  if (c.type.allowedProviderIds.length > 0 && !c.type.allowedProviderIds.includes(c.provider.id)) {
    conflicts.push({
      code: 'type-not-allowed',
      reason: `${providerName} does not see ${c.type.name} visits`,
      overridable: true,
    });
  }

  const windows = templateWindows(ctx.templates, ctx.locations, c.provider.id, ctx.date).filter(
    (w) => w.locationId === c.location.id,
  );
  const within = windows.find((w) => w.start <= c.start && c.end <= w.end);
  if (!within) {
    conflicts.push({
      code: 'outside-availability',
      reason: windows.length
        ? `${span(c.start, c.end)} is outside ${providerName}'s hours at ${c.location.name} (${windows.map((w) => span(w.start, w.end)).join(', ')})`
        : `${providerName} has no hours at ${c.location.name} on this day`,
      overridable: true,
    });
  } else if (!within.modalities.includes(c.type.modality)) {
    conflicts.push({
      code: 'outside-availability',
      reason: `${providerName} does not take ${c.type.modality} visits in these hours`,
      overridable: true,
    });
  }

  const candidate = { start: c.start, end: c.end };
  for (const e of exceptionsFor(ctx.exceptions, c.provider.id, c.location.id)) {
    const hole = { start: fromIso(e.startsAt), end: fromIso(e.endsAt) };
    if (overlaps(candidate, hole)) {
      const who = e.providerId === null ? 'The clinic' : providerName;
      conflicts.push({ code: 'in-exception', reason: `${who} is out: ${e.kind}, ${e.reason}`, overridable: true });
    }
  }

  const held = { start: c.start, end: c.end + c.type.bufferMinutes * MINUTE };
  for (const b of ctx.booked) {
    if (b.appointmentId === c.appointmentId) continue;
    const busy = { start: b.start, end: b.end + b.bufferMinutes * MINUTE };
    if (b.providerId === c.provider.id && overlaps(held, busy)) {
      conflicts.push({
        code: 'provider-booked',
        reason: `${providerName} is already booked ${span(b.start, b.end)}${b.bufferMinutes ? ` (+${b.bufferMinutes} min buffer)` : ''}`,
        overridable: false,
      });
    }
    if (b.patientId === c.patientId && overlaps(candidate, b)) {
      conflicts.push({
        code: 'patient-overlap',
        reason: `The patient already has an appointment ${span(b.start, b.end)} with ${ctx.providerNames.get(b.providerId) ?? 'another provider'}`,
        overridable: true,
      });
    }
    for (const r of c.type.requiredResourceIds) {
      if (b.resourceIds.includes(r) && overlaps(candidate, b)) {
        conflicts.push({
          code: 'resource-taken',
          reason: `${ctx.resourceNames.get(r) ?? 'A required resource'} is in use ${span(b.start, b.end)}`,
          overridable: true,
        });
      }
    }
  }
  return dedupe(conflicts);
}

function dedupe(conflicts: Conflict[]): Conflict[] {
  const seen = new Set<string>();
  return conflicts.filter((c) => !seen.has(c.reason) && seen.add(c.reason));
}

/** Whether a booking with these conflicts may go ahead, and if not, the sentence that says why. */
export function overrideDecision(
  conflicts: readonly Conflict[],
  role: Role,
  overrideReason: string | undefined,
): { allowed: true } | { allowed: false; message: string } {
  if (conflicts.length === 0) return { allowed: true };
  const hard = conflicts.find((c) => !c.overridable);
  if (hard) return { allowed: false, message: `Cannot book: ${hard.reason}` };
  if (!overrideReason) return { allowed: false, message: `Conflicts: ${conflicts.map((c) => c.reason).join('; ')}` };
  if (!mayOverride(role)) {
    return { allowed: false, message: `Your role (${role}) may not override scheduling conflicts; ask a supervisor` };
  }
  return { allowed: true };
}
