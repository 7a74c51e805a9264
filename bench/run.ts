import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { Benchmark } from './benchmark';

/**
 * `npm run bench -- [--json FILE] [--only PREFIX[,PREFIX…]] [--patients N]`: runs every `bench/*.bench.ts`,
 * prints a table of figures against the issues' budgets, and writes a flat JSON
 * object `{ "name": number }`. Budgets are reported, not enforced: figures from a
 * shared 2-core machine inform, they do not gate.
 */
const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    only: { type: 'string' },
    patients: { type: 'string' },
    // Internal: the one bench file this process runs (see runFile).
    file: { type: 'string' },
  },
});
// The clinic size of the patient benchmarks (bench/patients.bench.ts reads it when imported).
if (values.patients) process.env.CAREDESK_BENCH_PATIENTS = values.patients;
const dir = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();

/** The figures, table rows and failures of the benchmarks run so far. */
interface Results {
  figures: Record<string, number>;
  rows: string[][];
  failures: string[];
}

/** What a bench file's process tells the runner: a benchmark starting, or one benchmark's outcome. */
type Report = { running: string } | { row: string[]; figure?: [string, number]; failure?: string };

/**
 * Each bench file runs in a process of its own (decision 0197): a figure is the cost of its own
 * feature, not of the modules, seeds and heap the files before it left behind. In one process
 * the first sync ran with ~200 MB of other benches' code and data live (TypeScript's compiler
 * through Electronegativity among them), marked again by every major garbage collection.
 * Each outcome is reported as it comes, so a process that dies keeps the figures before it.
 */
async function runFile(file: string, into: Results): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), '--file', file], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let running: string | null = null;
  child.on('message', (report: Report) => {
    if ('running' in report) {
      running = report.running;
      return;
    }
    running = null;
    into.rows.push(report.row);
    if (report.figure) into.figures[report.figure[0]] = report.figure[1];
    if (report.failure) into.failures.push(report.failure);
  });
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
    child.on('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
  );
  if (code === 0) return;
  const what = running ?? file;
  into.rows.push([what, '', '', '', 'FAILED']);
  into.failures.push(`${what}: its process ended (${signal ?? `exit code ${code}`})`);
}

/** Runs the benchmarks of one file that `--only` selects, in this process, reporting each to the runner. */
async function runBenchmarks(file: string, report: (report: Report) => void): Promise<void> {
  let benchmarks: Benchmark[];
  try {
    ({ benchmarks } = (await import(pathToFileURL(join(dir, file)).href)) as { benchmarks: Benchmark[] });
  } catch (error) {
    report({ row: [file, '', '', '', 'FAILED TO LOAD'], failure: `${file}: ${(error as Error).message}` });
    return;
  }
  for (const b of benchmarks) {
    // --only takes one prefix or several, comma-separated.
    if (values.only && !values.only.split(',').some((prefix) => b.name.startsWith(prefix))) continue;
    process.stderr.write(`running ${b.name}…\n`);
    report({ running: b.name });
    const budget = b.budget ? `${b.budget.op} ${format(b.budget.value)}` : '';
    let value: number;
    try {
      value = await b.run();
    } catch (error) {
      report({ row: [b.name, '', b.unit, budget, 'FAILED'], failure: `${b.name}: ${(error as Error).message}` });
      continue;
    }
    const within = !b.budget
      ? ''
      : (b.budget.op === '<=' ? value <= b.budget.value : value >= b.budget.value)
        ? 'within'
        : 'OVER';
    report({ row: [b.name, format(value), b.unit, budget, within], figure: [b.name, Number(value.toFixed(3))] });
  }
}

if (values.file) {
  // A bench file's own process: reports go out as they come; once all are sent it ends, whatever
  // handles the benches left open.
  const sent = (report: Report) => new Promise<void>((resolve) => process.send!(report, () => resolve()));
  const pending: Promise<void>[] = [];
  await runBenchmarks(values.file, (report) => void pending.push(sent(report)));
  await Promise.all(pending);
  process.exit(0);
} else {
  /** A bench that cannot load, throws or ends its process is reported on its row; the others still run. */
  const results: Results = { figures: {}, rows: [], failures: [] };
  for (const file of files) await runFile(file, results);
  printTable(results);
}

function printTable({ figures, rows, failures }: Results) {
  const header = ['benchmark', 'value', 'unit', 'budget', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((r) => console.log(line(r)));
  console.log(JSON.stringify(figures));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(figures, null, 2)}\n`);
  for (const failure of failures) console.error(`FAILED ${failure}`);
  if (failures.length > 0) process.exitCode = 1;
}

function format(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}
