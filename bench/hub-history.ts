import { timeOrderedUuid } from '../src-main/store/ids';
import { randomSource } from '../src-main/patients/synthetic';

/**
 * What a clinic's hub holds after months of use, for the first-sync benchmark to pull
 * (decision 0147): the rows of several workstations in the order the hub received them.
 *
 * - Every patient and appointment is made on one of `workstations` workstations, at a time
 *   spread over `months` of weekday working hours, patients and appointments interleaved;
 *   its id is a UUID v7 made as the app makes it (`timeOrderedUuid` with that workstation's
 *   clock, each a little off the true time), and `createdAt` is that clock's time too.
 * - An appointment is for a patient made before it (any of them, equally likely).
 * - A workstation online pushes what it made within seconds; each one also goes offline now
 *   and then (minutes to days) and pushes what it made meanwhile when it is back, so those
 *   rows reach the hub after newer rows of the other workstations.
 * - The hub's sequence (`seq`, 1…) is the order rows reached it.
 *
 * Not modelled: edits and deletes (the hub keeps a row once, at its latest version, so an
 * edited row moves later in the feed with its old id), set-up and child tables, business
 * days of different sizes. The times are drawn from a fixed seed, so every run pulls the same
 * history; only the ids' random bits differ.
 */
export interface HubHistory {
  patients: { ids: string[]; ordinals: number[]; createdAt: string[]; seqs: number[] };
  appointments: { ids: string[]; ordinals: number[]; patientIds: string[]; createdAt: string[]; seqs: number[] };
  /** One line: what this history holds, for the benchmark's output. */
  summary: string;
}

export interface HistoryOptions {
  workstations?: number;
  months?: number;
  /** The end of the history (the first sync happens a day later). */
  end?: number;
  seed?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function hubHistory(patients: number, appointments: number, options: HistoryOptions = {}): HubHistory {
  const workstations = options.workstations ?? 8;
  const months = options.months ?? 18;
  // Up to yesterday's midnight (UTC): the same history all day.
  const end = options.end ?? Math.floor(Date.now() / DAY) * DAY - DAY;
  // From a midnight (UTC), so the working hours below are the clinic's.
  const start = Math.floor((end - months * 30.4 * DAY) / DAY) * DAY;
  // Seeded as the synthetic patients are (mulberry32): the same history every run.
  const random = randomSource(options.seed ?? 0x0147);
  const total = patients + appointments;

  // When each row was made: a weekday between 8:00 and 18:00 (UTC-5), sorted.
  const madeAt = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    let at: number;
    do {
      const day = start + Math.floor(random() * ((end - start) / DAY)) * DAY;
      at = day + 13 * HOUR + random() * 10 * HOUR;
    } while (isWeekend(at));
    madeAt[i] = at;
  }
  madeAt.sort();

  // Which rows are patients: the first is, the others in proportion, shuffled.
  const isPatient = new Uint8Array(total);
  isPatient[0] = 1;
  for (let i = 1; i < patients; i++) isPatient[i] = 1;
  for (let i = total - 1; i > 1; i--) {
    const j = 1 + Math.floor(random() * i);
    [isPatient[i], isPatient[j]] = [isPatient[j]!, isPatient[i]!];
  }

  // Each workstation's clock offset (NTP keeps them within a minute or so) and its outages.
  const offsets = Array.from({ length: workstations }, () => (random() * 2 - 1) * MINUTE);
  const outages = Array.from({ length: workstations }, () => {
    const windows: Array<[number, number]> = [];
    for (let at = start + exponential(random, 14 * DAY); at < end; at += exponential(random, 14 * DAY)) {
      // Most outages are short (a network blip, a laptop closed), some last days (a clinic's line
      // down), a few weeks (a laptop with unsent work left off over a holiday).
      const kind = random();
      const length =
        kind < 0.7
          ? 5 * MINUTE + random() * 2 * HOUR
          : kind < 0.95
            ? 2 * HOUR + random() * 3 * DAY
            : 3 * DAY + random() * 11 * DAY;
      windows.push([at, Math.min(at + length, end)]);
      at += length;
    }
    return windows;
  });

  // When each row reached the hub.
  const arrived = new Float64Array(total);
  const by = new Uint8Array(total);
  const next = new Array<number>(workstations).fill(0);
  let late = 0;
  for (let i = 0; i < total; i++) {
    const w = Math.floor(random() * workstations);
    by[i] = w;
    const at = madeAt[i]!;
    const windows = outages[w]!;
    while (next[w]! < windows.length && windows[next[w]!]![1] <= at) next[w]!++;
    const outage = windows[next[w]!];
    if (outage && outage[0] <= at) {
      // Pushed when the workstation is back, in the order it was made.
      arrived[i] = outage[1] + ((at - outage[0]) / (outage[1] - outage[0])) * 1000;
      late++;
    } else arrived[i] = at + 50 + random() * 5000;
  }
  const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => arrived[a]! - arrived[b]! || a - b);

  const history: HubHistory = {
    patients: { ids: [], ordinals: [], createdAt: [], seqs: [] },
    appointments: { ids: [], ordinals: [], patientIds: [], createdAt: [], seqs: [] },
    summary: '',
  };
  // Ids and ordinals in the order rows were made; seqs in the order they arrived.
  const seqOf = new Int32Array(total);
  order.forEach((i, rank) => (seqOf[i] = rank + 1));
  const ids = new Array<string>(total);
  for (let i = 0; i < total; i++) {
    const clock = Math.floor(madeAt[i]! + offsets[by[i]!]!);
    const id = timeOrderedUuid(clock);
    ids[i] = id;
    const createdAt = new Date(clock).toISOString();
    if (isPatient[i]) {
      const p = history.patients;
      p.ids.push(id);
      p.ordinals.push(p.ids.length);
      p.createdAt.push(createdAt);
      p.seqs.push(seqOf[i]!);
    } else {
      const a = history.appointments;
      a.ids.push(id);
      a.ordinals.push(a.ids.length);
      a.patientIds.push(history.patients.ids[Math.floor(random() * history.patients.ids.length)]!);
      a.createdAt.push(createdAt);
      a.seqs.push(seqOf[i]!);
    }
  }

  // How far from ascending the ids are in the hub's order: rows whose id is below one before
  // it, and below one a whole page (10,000 rows) or more before it.
  let below = 0;
  let belowPage = 0;
  let highest = '';
  const highestSoFar: string[] = [];
  order.forEach((i, rank) => {
    const id = ids[i]!;
    if (id < highest) below++;
    else highest = id;
    highestSoFar.push(highest);
    if (rank >= 10_000 && id < highestSoFar[rank - 10_000]!) belowPage++;
  });
  const share = (n: number) => `${((100 * n) / Math.max(total, 1)).toFixed(2)} %`;
  history.summary =
    `${total.toLocaleString('en-US')} rows made on ${workstations} workstations over ${months} months (UUID v7); ` +
    `${share(late)} pushed after an outage; ${share(below)} arrive after a row with a larger id, ` +
    `${share(belowPage)} after one a page (10,000 rows) or more before them`;
  return history;
}

function isWeekend(ms: number): boolean {
  const day = new Date(ms).getUTCDay();
  return day === 0 || day === 6;
}

function exponential(random: () => number, mean: number): number {
  return -Math.log(1 - random()) * mean;
}
