import { addDays, fromIso, localDate, toIso, wallMinutes, zonedInstant, MINUTE } from './clinic-time';
import { openSlotsOnDay, type SlotSearchData } from './find-next';
import type { Booked } from './conflicts';
import type { AppointmentType, Provider, Slot } from './schemas';

/**
 * The starts of a repeating series: the same wall time every `everyWeeks` weeks, so a
 * 9:00 weekly visit stays at 9:00 across a daylight-saving change.
 */
export function seriesStarts(firstStartsAt: string, everyWeeks: number, count: number, timeZone: string): string[] {
  const first = fromIso(firstStartsAt);
  const date = localDate(first, timeZone);
  const minutes = wallMinutes(first, timeZone);
  return Array.from({ length: count }, (_, i) =>
    toIso(zonedInstant(addDays(date, i * 7 * everyWeeks), minutes, timeZone)),
  );
}

/** The date a follow-up in `weeks` weeks lands on, and the window searched from it. */
export function followUpWindow(
  startsAt: string,
  weeks: number,
  timeZone: string,
): { fromDate: string; toDate: string } {
  const target = addDays(localDate(fromIso(startsAt), timeZone), weeks * 7);
  return { fromDate: target, toDate: addDays(target, 13) };
}

export interface Leg {
  type: AppointmentType;
  providers: readonly Provider[];
}

/**
 * Visits on one day, back to back (a lab draw, then the provider): the earliest chain
 * where each leg starts when the one before ends, or up to `maxGapMinutes` later.
 */
export function findCoordinated(
  legs: readonly Leg[],
  date: string,
  locationId: string,
  maxGapMinutes: number,
  data: SlotSearchData,
  booked: readonly Booked[],
  notBefore: number,
): Slot[] | null {
  const opts = { locationIds: [locationId], telehealthOnly: false, notBefore };
  const options = legs.map((leg) => openSlotsOnDay(leg.providers, leg.type, date, data, booked, opts, 5));
  const chain = (i: number, after: number): Slot[] | null => {
    if (i === legs.length) return [];
    for (const s of options[i]!) {
      if (i > 0 && (s.start < after || s.start > after + maxGapMinutes * MINUTE)) continue;
      const rest = chain(i + 1, s.end);
      if (rest)
        return [
          { providerId: s.providerId, locationId: s.locationId, startsAt: s.startsAt, endsAt: s.endsAt },
          ...rest,
        ];
    }
    return null;
  };
  return chain(0, 0);
}
