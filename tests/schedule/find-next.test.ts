import { describe, expect, it } from 'vitest';
import { findNextAvailable } from '../../src-shared/schedule/find-next';
import { findCoordinated, followUpWindow } from '../../src-shared/schedule/series';
import { displayTime, localDate } from '../../src-shared/schedule/clinic-time';
import { findNextQuerySchema, type FindNextQuery } from '../../src-shared/schedule/schemas';
import { openWindows } from '../../src-shared/schedule/availability';
import {
  booked,
  followUp,
  instant,
  labDraw,
  lab,
  newPatient,
  patel,
  searchData,
  telehealth,
  templates,
  locations,
  ZONE,
} from './fixtures';

const query = (q: Partial<FindNextQuery> & { typeId: string }): FindNextQuery =>
  findNextQuerySchema.parse({ fromDate: '2026-12-01', toDate: '2026-12-31', ...q });
const show = (slots: { providerId: string; startsAt: string }[]) =>
  slots.map((s) => `${localDate(instant(s.startsAt), ZONE)} ${displayTime(instant(s.startsAt), ZONE)} ${s.providerId}`);
const MONDAY_MORNING = instant('2026-11-30T12:00:00Z');

describe('find next available', () => {
  it('lists the earliest slots across providers, earliest first', () => {
    const slots = findNextAvailable(query({ typeId: followUp.id, limit: 4 }), followUp, searchData(), MONDAY_MORNING);
    expect(show(slots)).toEqual([
      '2026-12-01 8:00 AM dr-okafor',
      '2026-12-01 8:15 AM dr-okafor',
      '2026-12-01 8:30 AM dr-okafor',
      '2026-12-01 8:45 AM dr-okafor',
    ]);
  });

  it('skips booked time (with its buffer) and exceptions', () => {
    const data = searchData(
      [
        booked({
          providerId: 'dr-patel',
          start: instant('2026-12-01T14:00:00Z'),
          end: instant('2026-12-01T14:40:00Z'),
          bufferMinutes: 10,
        }),
      ],
      [
        {
          id: 'x',
          providerId: 'dr-patel',
          locationId: null,
          kind: 'block',
          startsAt: '2026-12-01T15:00:00Z',
          endsAt: '2026-12-01T15:30:00Z',
          reason: 'Huddle',
        },
      ],
    );
    const slots = findNextAvailable(
      query({ typeId: followUp.id, providerIds: ['dr-patel'], limit: 3 }),
      followUp,
      data,
      MONDAY_MORNING,
    );
    // 9:00-9:50 busy (visit + buffer); slots are on a 15-minute grid, so 10:00 would be next but 10:00-10:30 is the huddle.
    expect(show(slots)).toEqual([
      '2026-12-01 10:30 AM dr-patel',
      '2026-12-01 10:45 AM dr-patel',
      '2026-12-01 11:00 AM dr-patel',
    ]);
  });

  it('filters by telehealth, language, payer, days of week and time of day', () => {
    const tele = findNextAvailable(
      query({ typeId: telehealth.id, telehealthOnly: true, limit: 1 }),
      telehealth,
      searchData(),
      MONDAY_MORNING,
    );
    expect(show(tele)).toEqual(['2026-12-01 9:00 AM dr-patel']); // Dr. Okafor takes no telehealth
    const spanish = findNextAvailable(
      query({ typeId: followUp.id, language: 'spanish', limit: 1 }),
      followUp,
      searchData(),
      MONDAY_MORNING,
    );
    expect(show(spanish)).toEqual(['2026-12-01 9:00 AM dr-patel']);
    const medicare = findNextAvailable(
      query({ typeId: newPatient.id, payer: 'Medicare', limit: 1 }),
      newPatient,
      searchData(),
      MONDAY_MORNING,
    );
    expect(show(medicare)).toEqual(['2026-12-01 9:00 AM dr-patel']);
    const thursdayAfternoon = findNextAvailable(
      query({ typeId: followUp.id, daysOfWeek: [4], timeOfDay: { from: '14:00', to: '16:00' }, limit: 2 }),
      followUp,
      searchData(),
      MONDAY_MORNING,
    );
    expect(show(thursdayAfternoon)).toEqual(['2026-12-03 2:00 PM dr-patel', '2026-12-03 2:15 PM dr-patel']);
  });

  it('offers only providers allowed to see the type, and never a time already past', () => {
    const labSlots = findNextAvailable(
      query({ typeId: labDraw.id, limit: 2 }),
      labDraw,
      searchData(),
      instant('2026-12-01T17:02:00Z'),
    );
    expect(show(labSlots)).toEqual(['2026-12-01 12:15 PM lab-1', '2026-12-01 12:30 PM lab-1']);
  });

  it('returns nothing when nobody matches, and stops at the end of the range', () => {
    expect(
      findNextAvailable(query({ typeId: followUp.id, language: 'Klingon' }), followUp, searchData(), MONDAY_MORNING),
    ).toEqual([]);
    expect(
      findNextAvailable(
        query({ typeId: followUp.id, fromDate: '2026-12-05', toDate: '2026-12-06' }),
        followUp,
        searchData(),
        MONDAY_MORNING,
      ),
    ).toEqual([]);
  });

  it('finds slots on the fall-back Sunday-to-Monday boundary at the right local times', () => {
    const slots = findNextAvailable(
      query({ typeId: followUp.id, providerIds: [patel.id], fromDate: '2026-11-01', toDate: '2026-11-02', limit: 1 }),
      followUp,
      searchData(),
      instant('2026-10-01T00:00:00Z'),
    );
    expect(slots[0]!.startsAt).toBe('2026-11-02T14:00:00.000Z');
  });
});

describe('follow-ups and same-day coordinated visits', () => {
  it('a follow-up in 6 weeks searches two weeks from that date', () => {
    expect(followUpWindow('2026-12-01T15:00:00.000Z', 6, ZONE)).toEqual({
      fromDate: '2027-01-12',
      toDate: '2027-01-25',
    });
  });

  it('puts a lab draw and then the provider back to back', () => {
    const data = searchData([
      booked({ providerId: 'dr-patel', start: instant('2026-12-01T14:00:00Z'), end: instant('2026-12-01T14:20:00Z') }),
    ]);
    const chain = findCoordinated(
      [
        { type: labDraw, providers: [lab] },
        { type: followUp, providers: [patel] },
      ],
      '2026-12-01',
      'loc-main',
      0,
      data,
      data.bookedBetween(0, Number.MAX_SAFE_INTEGER),
      MONDAY_MORNING,
    );
    expect(chain && show(chain)).toEqual(['2026-12-01 9:05 AM lab-1', '2026-12-01 9:20 AM dr-patel']);
  });

  it('never reads the bookings of a day whose hours cannot fit the visit, and uses kept windows', () => {
    let reads = 0;
    let windowCalls = 0;
    const base = searchData();
    const data = {
      ...base,
      bookedBetween: (start: number, end: number) => {
        reads++;
        return base.bookedBetween(start, end);
      },
      windowsOf: (providerId: string, date: string) => {
        windowCalls++;
        return openWindows(templates, [], locations, providerId, date);
      },
    };
    // A 40-minute visit between 16:30 and 17:00 never fits: a month searched, nothing read.
    const none = findNextAvailable(
      query({ typeId: newPatient.id, timeOfDay: { from: '16:30', to: '17:00' } }),
      newPatient,
      data,
      MONDAY_MORNING,
    );
    expect(none).toEqual([]);
    expect(reads).toBe(0);
    expect(windowCalls).toBeGreaterThan(0);
    // One that fits reads the first day's bookings and stops there.
    const found = findNextAvailable(query({ typeId: followUp.id, limit: 2 }), followUp, data, MONDAY_MORNING);
    expect(found).toHaveLength(2);
    expect(reads).toBe(1);
  });
});
