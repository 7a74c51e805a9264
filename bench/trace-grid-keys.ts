/**
 * Where the grid's key moves go (a tool, not a benchmark; decision 0534). It presses the same 120
 * arrow keys as `schedule.grid_key_move_p95_ms`, with the same probe (keydown, then a task after the
 * next animation frame), against the harness bundle in CAREDESK_HARNESS_BUNDLE (a build made with
 * CAREDESK_OUT_DIR, to compare two builds side by side) or the usual one, under a Chromium trace.
 * It prints, per key, the wall time the probe measures beside the renderer main thread's busy time
 * and its CPU (thread) time in the same interval, the wait from the keydown's task to the frame,
 * and for the slowest keys where their frame went. On a shared machine the wall figure is the
 * scheduler's as much as the code's; the thread time is the code's. `npx tsx bench/trace-grid-keys.ts [trace.json]`
 * It also prints the raster (tiles, CPU) over the run: a frame still being rastered holds back the next
 * one (decision 0535). CAREDESK_TRACE_DETAIL=1 adds the compositor's scheduling (`cc`, `viz`) and the
 * style and layout invalidation tracking to the trace (which slows script down many times: read its
 * events, not its timings).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_ADMIN, HARNESS_BUNDLE, removeDataDir } from '../tests/support/harness';
import { percentile } from './benchmark';
import { launchChromium, signIn } from './browser';

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

const PHASES = [
  'FunctionCall',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'EventDispatch',
] as const;

const out = process.argv[2];
const bundle = process.env.CAREDESK_HARNESS_BUNDLE ?? HARNESS_BUNDLE;
const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-trace-'));
const child = spawn(process.execPath, [bundle, '--data-dir', dataDir, '--port', '0'], {
  env: {
    ...process.env,
    CAREDESK_LOG_LEVEL: 'silent',
    CAREDESK_BOOTSTRAP_ADMIN: `${E2E_ADMIN.username}:${E2E_ADMIN.password}`,
    CAREDESK_DEMO_SEED: 'schedule:100',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve, reject) => {
  let text = '';
  child.stdout.on('data', (d: Buffer) => {
    text += d.toString();
    const m = /CareDesk harness: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
    if (m) resolve(m[1]!);
  });
  child.once('exit', (code) => reject(new Error(`harness exited with ${code}`)));
});
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await signIn(page, url);
  await page.keyboard.press('Alt+s');
  await page.locator('[role="grid"] .appt').first().waitFor();
  // The bench's probe, plus a mark at each end for the trace.
  await page.evaluate(`(() => {
    window.moves = { painted: [], work: [] };
    let i = 0;
    window.addEventListener('keydown', (e) => {
      if (!e.key.startsWith('Arrow')) return;
      const t0 = performance.now();
      const n = i++;
      performance.mark('k' + n);
      setTimeout(() => window.moves.work.push(performance.now() - t0));
      requestAnimationFrame(() => setTimeout(() => { window.moves.painted.push(performance.now() - t0); performance.mark('p' + n); }));
    }, { capture: true });
  })()`);
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'disabled-by-default-devtools.timeline.frame',
      'blink.user_timing',
      'toplevel',
      'benchmark',
      'input',
      // CAREDESK_TRACE_DETAIL=1: the compositor's frame scheduling and what invalidates paint (larger trace).
      ...(process.env.CAREDESK_TRACE_DETAIL
        ? [
            'cc',
            'viz',
            'disabled-by-default-cc.debug.scheduler',
            'disabled-by-default-devtools.timeline.invalidationTracking',
          ]
        : []),
    ],
  });
  const keys = [...Array<string>(80).fill('ArrowRight'), ...Array<string>(40).fill('ArrowDown')];
  for (const key of keys) {
    await page.keyboard.press(key);
    await page.waitForTimeout(20);
  }
  await page.waitForTimeout(200);
  const trace = await browser.stopTracing();
  if (out) writeFileSync(out, trace);
  const moves = await page.evaluate(
    () => (window as unknown as { moves: { painted: number[]; work: number[] } }).moves,
  );
  console.log(
    `probe (traced): painted p50 ${percentile(moves.painted, 50).toFixed(1)} p95 ${percentile(moves.painted, 95).toFixed(1)} ms; work p95 ${percentile(moves.work, 95).toFixed(1)} ms`,
  );
  report((JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents);
} finally {
  await browser.close();
  child.kill('SIGTERM');
  removeDataDir(dataDir);
}

/** Per key: wall, main-thread busy and CPU time between the marks; the slowest keys' phases; the work between keys. */
function report(events: TraceEvent[]) {
  const marks = new Map<string, { ts: number; pid: number }>();
  for (const e of events) if (e.cat === 'blink.user_timing') marks.set(e.name, e);
  const pid = marks.get('k0')!.pid;
  const main = events.find((e) => e.pid === pid && e.ph === 'M' && e.args?.name === 'CrRendererMain')!.tid;
  const onMain = events.filter((e) => e.pid === pid && e.tid === main && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const tasks = onMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
  const frames = onMain.filter((e) => e.name === 'ProxyMain::BeginMainFrame');
  const overlap = (e: TraceEvent, from: number, to: number) =>
    Math.max(0, Math.min(e.ts + e.dur!, to) - Math.max(e.ts, from));
  const rows: { n: number; wall: number; busy: number; cpu: number; wait: number; phases: Map<string, number> }[] = [];
  const intervals: [number, number][] = [];
  for (let n = 0; marks.has(`k${n}`); n++) {
    const k = marks.get(`k${n}`)!.ts;
    const p = marks.get(`p${n}`)?.ts;
    if (p === undefined) continue;
    intervals.push([k, p]);
    const within = tasks.filter((e) => e.ts < p && e.ts + e.dur! > k);
    const busy = within.reduce((s, e) => s + overlap(e, k, p), 0);
    const cpu = within.reduce((s, e) => s + ((e.tdur ?? 0) * overlap(e, k, p)) / Math.max(1, e.dur!), 0);
    // The keydown's own task, then the first frame that starts after it (or holds it: input is flushed at a frame's start).
    const keyTask = within.find((e) => e.ts <= k);
    const frame = frames.find((e) => e.ts + e.dur! >= k);
    const wait = keyTask && frame ? Math.max(0, frame.ts - (keyTask.ts + keyTask.dur!)) : 0;
    const phases = new Map<string, number>();
    for (const e of onMain)
      if (e.ts >= k && e.ts < p && (PHASES as readonly string[]).includes(e.name))
        phases.set(e.name, (phases.get(e.name) ?? 0) + (e.tdur ?? 0) / 1000);
    rows.push({ n, wall: (p - k) / 1000, busy: busy / 1000, cpu: cpu / 1000, wait: wait / 1000, phases });
  }
  const figures = (label: string, pick: (r: (typeof rows)[number]) => number) => {
    const xs = rows.map(pick);
    return `${label} p50 ${percentile(xs, 50).toFixed(2)} p95 ${percentile(xs, 95).toFixed(2)}`;
  };
  console.log(
    [
      `keys ${rows.length}: ${figures('wall', (r) => r.wall)}`,
      figures('main thread busy', (r) => r.busy),
      figures('main thread CPU', (r) => r.cpu),
      `${figures('keydown task to frame', (r) => r.wait)} ms`,
    ].join(' | '),
  );
  console.log(
    `mean thread time per key: ${PHASES.map((ph) => `${ph} ${(rows.reduce((s, r) => s + (r.phases.get(ph) ?? 0), 0) / rows.length).toFixed(2)}`).join(' ')}`,
  );
  console.log('slowest keys (wall), thread time of their phases in ms:');
  for (const r of [...rows].sort((a, b) => b.wall - a.wall).slice(0, 8))
    console.log(
      `  #${r.n} wall ${r.wall.toFixed(1)} busy ${r.busy.toFixed(1)} CPU ${r.cpu.toFixed(1)} wait ${r.wait.toFixed(1)} | ${PHASES.map((ph) => `${ph} ${(r.phases.get(ph) ?? 0).toFixed(1)}`).join(' ')}`,
    );
  // Main-thread CPU outside the keys' intervals: the idle draw-ahead and its frames.
  const first = intervals[0]![0];
  const last = intervals.at(-1)![1];
  const inKey = (ts: number) => intervals.some(([a, b]) => a <= ts && ts <= b);
  let inside = 0;
  let outside = 0;
  for (const e of tasks)
    if (e.ts >= first && e.ts <= last) {
      if (inKey(e.ts)) inside += e.tdur ?? 0;
      else outside += e.tdur ?? 0;
    }
  console.log(
    `main thread CPU over the run: ${((inside + outside) / 1000).toFixed(0)} ms, ${(inside / 1000 / rows.length).toFixed(2)} per key in the keys' intervals, ${(outside / 1000 / rows.length).toFixed(2)} per key between them`,
  );
  // Raster of the page's tiles (software raster, on the renderer's worker threads): a frame whose tiles are
  // still being rastered holds back the next one, so a key can wait for its frame while the main thread idles.
  const raster = events.filter((e) => e.pid === pid && e.name === 'RasterTask' && e.ts >= first && e.ts <= last);
  console.log(
    `raster over the run: ${raster.length} tiles, ${(raster.reduce((s, e) => s + (e.tdur ?? 0), 0) / 1000).toFixed(0)} ms CPU`,
  );
}
