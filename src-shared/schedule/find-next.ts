import {
  addDays,
  daysBetween,
  dayBounds,
  MINUTE,
  parseWallTime,
  toIso,
  weekday,
  zonedInstant,
  type Instant,
} from './clinic-time';
import { openWindows, type Interval, type Window } from './availability';
import type { Booked } from './conflicts';
import type {
  AppointmentType,
  AvailabilityTemplate,
  FindNextQuery,
  Location,
  Provider,
  ScheduleException,
  Slot,
} from './schemas';

/** Slots start on this grid of minutes past the window's start. */
export const SLOT_STEP_MINUTES = 15;

export interface SlotSearchData {
  clinicTimeZone: string;
  providers: readonly Provider[];
  locations: ReadonlyMap<string, Location>;
  templates: readonly AvailabilityTemplate[];
  exceptions: readonly ScheduleException[];
  /** Active appointments overlapping `[start, end)`, all providers; loaded a day at a time so a search stops early. */
  bookedBetween(start: Instant, end: Instant): readonly Booked[];
  /**
   * A provider's open windows on a date (hours minus exceptions), when the caller keeps
   * them between searches; computed from `templates` and `exceptions` otherwise.
   */
  windowsOf?(providerId: string, date: string): readonly Window[];
}

/**
 * Templates grouped by provider, computed once per template list: a 90-day search over 100
 * providers asks for one provider's templates 9,000 times.
 */
const grouped = new WeakMap<readonly AvailabilityTemplate[], Map<string, AvailabilityTemplate[]>>();
function templatesByProvider(templates: readonly AvailabilityTemplate[]): Map<string, AvailabilityTemplate[]> {
  let map = grouped.get(templates);
  if (!map) {
    map = new Map();
    for (const t of templates) {
      const list = map.get(t.providerId);
      if (list) list.push(t);
      else map.set(t.providerId, [t]);
    }
    grouped.set(templates, map);
  }
  return map;
}

type Filters = Pick<FindNextQuery, 'providerIds' | 'locationIds' | 'language' | 'payer'>;

/** Providers that may see this type and pass the search's filters. */
export function candidateProviders(providers: readonly Provider[], type: AppointmentType, f: Filters): Provider[] {
  const language = f.language?.trim().toLowerCase();
  const payer = f.payer?.trim().toLowerCase();
  return providers.filter(
    (p) =>
      (f.providerIds.length === 0 || f.providerIds.includes(p.id)) &&
      (type.allowedProviderIds.length === 0 || type.allowedProviderIds.includes(p.id)) &&
      (f.locationIds.length === 0 || p.locationIds.some((l) => f.locationIds.includes(l))) &&
      (!language || p.languages.some((l) => l.toLowerCase() === language)) &&
      (!payer || p.payers.some((x) => x.toLowerCase() === payer)),
  );
}

interface DayOptions {
  locationIds: readonly string[];
  telehealthOnly: boolean;
  timeOfDay?: { from: string; to: string } | undefined;
  notBefore: Instant;
}

/** Every open slot for `type` on one local date among `providers`, earliest first. */
export function openSlotsOnDay(
  providers: readonly Provider[],
  type: AppointmentType,
  date: string,
  data: SlotSearchData,
  /** The day's bookings, or how to read them: read only once some provider has hours that could fit the visit. */
  bookings: readonly Booked[] | (() => readonly Booked[]),
  opts: DayOptions,
  step = SLOT_STEP_MINUTES,
): (Slot & { start: Instant; end: Instant })[] {
  const duration = type.durationMinutes * MINUTE;
  const buffer = type.bufferMinutes * MINUTE;
  let byProvider: Map<string, Interval[]> | null = null;
  const resourceBusy: Interval[] = [];
  const busyOf = (providerId: string): Interval[] => {
    if (!byProvider) {
      byProvider = new Map();
      for (const b of typeof bookings === 'function' ? bookings() : bookings) {
        const busy = { start: b.start, end: b.end + b.bufferMinutes * MINUTE };
        let list = byProvider.get(b.providerId);
        if (!list) byProvider.set(b.providerId, (list = []));
        list.push(busy);
        if (type.requiredResourceIds.some((r) => b.resourceIds.includes(r))) resourceBusy.push(b);
      }
    }
    return byProvider.get(providerId) ?? [];
  };
  const slots: (Slot & { start: Instant; end: Instant })[] = [];
  const templates = templatesByProvider(data.templates);
  // The time-of-day filter as instants, once per zone (locations rarely differ): not per window.
  const dayLimits = new Map<string, { lo: Instant; hi: Instant }>();
  const limitsIn = (zone: string, tod: { from: string; to: string }) => {
    let limits = dayLimits.get(zone);
    if (!limits) {
      limits = {
        lo: zonedInstant(date, parseWallTime(tod.from), zone),
        hi: zonedInstant(date, parseWallTime(tod.to), zone),
      };
      dayLimits.set(zone, limits);
    }
    return limits;
  };
  for (const p of providers) {
    const own = templates.get(p.id);
    if (!own) continue;
    const windows = data.windowsOf
      ? data.windowsOf(p.id, date)
      : openWindows(own, data.exceptions, data.locations, p.id, date);
    for (const w of windows) {
      if (opts.locationIds.length > 0 && !opts.locationIds.includes(w.locationId)) continue;
      if (!w.modalities.includes(type.modality)) continue;
      if (opts.telehealthOnly && !w.modalities.includes('telehealth')) continue;
      let lo = w.start;
      let hi = w.end;
      if (opts.timeOfDay) {
        const limits = limitsIn(data.locations.get(w.locationId)!.timeZone, opts.timeOfDay);
        lo = Math.max(lo, limits.lo);
        hi = Math.min(hi, limits.hi);
      }
      for (let t = w.start; t + duration <= w.end; t += step * MINUTE) {
        if (t < lo || t < opts.notBefore) continue;
        if (t + duration > hi) break;
        const held = { start: t, end: t + duration + buffer };
        const busy = busyOf(p.id);
        if (busy.some((b) => b.start < held.end && held.start < b.end)) continue;
        if (resourceBusy.some((b) => b.start < t + duration && t < b.end)) continue;
        slots.push({
          providerId: p.id,
          locationId: w.locationId,
          start: t,
          end: t + duration,
          startsAt: toIso(t),
          endsAt: toIso(t + duration),
        });
      }
    }
  }
  const order = new Map(providers.map((p, i) => [p.id, i]));
  return slots.sort((a, b) => a.start - b.start || order.get(a.providerId)! - order.get(b.providerId)!);
}

/**
 * The first `limit` open slots for a type across many providers and locations,
 * searched a day at a time from the earliest date, so a search that finds its slots
 * in the first week never reads the other eighty days.
 */
export function findNextAvailable(
  query: FindNextQuery,
  type: AppointmentType,
  data: SlotSearchData,
  notBefore: Instant,
): Slot[] {
  const providers = candidateProviders(data.providers, type, query);
  if (providers.length === 0) return [];
  const found: Slot[] = [];
  const days = daysBetween(query.fromDate, query.toDate);
  for (let i = 0; i <= days && found.length < query.limit; i++) {
    const date = addDays(query.fromDate, i);
    if (query.daysOfWeek.length > 0 && !query.daysOfWeek.includes(weekday(date))) continue;
    const { start, end } = dayBounds(date, data.clinicTimeZone);
    if (end <= notBefore) continue;
    // A day whose hours cannot fit the visit (the time of day, leave, the past) never reads its bookings.
    const booked = () => data.bookedBetween(start - 2 * 60 * MINUTE, end + 2 * 60 * MINUTE);
    const day = openSlotsOnDay(providers, type, date, data, booked, {
      locationIds: query.locationIds,
      telehealthOnly: query.telehealthOnly,
      timeOfDay: query.timeOfDay,
      notBefore,
    });
    for (const s of day) {
      if (found.length >= query.limit) break;
      found.push({ providerId: s.providerId, locationId: s.locationId, startsAt: s.startsAt, endsAt: s.endsAt });
    }
  }
  return found;
}
