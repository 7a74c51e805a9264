import { MINUTE, fromIso, parseWallTime, weekday, zonedInstant, type Instant } from './clinic-time';
import type { AvailabilityTemplate, Location, Modality, ScheduleException } from './schemas';

export interface Interval {
  start: Instant;
  end: Instant;
}

/** Hours a provider works at a location, as instants, with the visit kinds they take. */
export interface Window extends Interval {
  providerId: string;
  locationId: string;
  modalities: readonly Modality[];
}

export const overlaps = (a: Interval, b: Interval): boolean => a.start < b.end && b.start < a.end;

/** Whether a template is in effect on a local date (effective dates are inclusive). */
export function templateApplies(t: AvailabilityTemplate, date: string): boolean {
  return t.weekday === weekday(date) && t.effectiveFrom <= date && (t.effectiveTo === null || date <= t.effectiveTo);
}

/**
 * A provider's working windows on a local date, from the weekly templates in effect,
 * before exceptions. Each template reads its wall times in its location's zone, so
 * "9:00-17:00" stays 9 to 5 on both daylight-saving days.
 */
export function templateWindows(
  templates: readonly AvailabilityTemplate[],
  locations: ReadonlyMap<string, Location>,
  providerId: string,
  date: string,
): Window[] {
  const windows: Window[] = [];
  const day = weekday(date);
  for (const t of templates) {
    if (t.providerId !== providerId || t.weekday !== day || !templateApplies(t, date)) continue;
    const zone = locations.get(t.locationId)?.timeZone;
    if (!zone) continue;
    windows.push({
      providerId,
      locationId: t.locationId,
      modalities: t.modalities,
      start: zonedInstant(date, parseWallTime(t.startTime), zone),
      end: zonedInstant(date, parseWallTime(t.endTime), zone),
    });
  }
  return windows.sort((a, b) => a.start - b.start);
}

/** Exceptions that take this provider out at this location (their own, and clinic-wide ones). */
export function exceptionsFor(
  exceptions: readonly ScheduleException[],
  providerId: string,
  locationId: string | null,
): ScheduleException[] {
  return exceptions.filter(
    (e) =>
      (e.providerId === null || e.providerId === providerId) &&
      (e.locationId === null || locationId === null || e.locationId === locationId),
  );
}

/** `windows` minus `holes`: what stays open. Both may be unsorted; the result is sorted. */
export function subtract<W extends Interval>(windows: readonly W[], holes: readonly Interval[]): W[] {
  let open: W[] = [...windows];
  for (const hole of holes) {
    const next: W[] = [];
    for (const w of open) {
      if (!overlaps(w, hole)) {
        next.push(w);
        continue;
      }
      if (w.start < hole.start) next.push({ ...w, end: hole.start });
      if (hole.end < w.end) next.push({ ...w, start: hole.end });
    }
    open = next;
  }
  return open.sort((a, b) => a.start - b.start);
}

/** The provider's open windows on a date: template hours minus leave, holidays and blocks. */
export function openWindows(
  templates: readonly AvailabilityTemplate[],
  exceptions: readonly ScheduleException[],
  locations: ReadonlyMap<string, Location>,
  providerId: string,
  date: string,
): Window[] {
  const windows = templateWindows(templates, locations, providerId, date);
  if (windows.length === 0) return windows;
  const holes = exceptions
    .filter((e) => e.providerId === null || e.providerId === providerId)
    .map((e) => ({ start: fromIso(e.startsAt), end: fromIso(e.endsAt), locationId: e.locationId }));
  return windows.flatMap((w) =>
    subtract(
      [w],
      holes.filter((h) => h.locationId === null || h.locationId === w.locationId),
    ),
  );
}

/** Minutes between two instants, for labels and durations. */
export const minutesBetween = (a: Instant, b: Instant): number => Math.round((b - a) / MINUTE);
