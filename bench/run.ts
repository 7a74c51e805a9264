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

/** What one bench file's process reports back: its figures, table rows and failures. */
interface FileResult {
  figures: Record<string, number>;
  rows: string[][];
  failures: string[];
}

/**
 * Each bench file runs in a process of its own (decision 0197): a figure is the cost of its own
 * feature, not of the modules, seeds and heap the files before it left behind. In one process
 * the first sync ran with ~200 MB of other benches' code and data live (TypeScript's compiler
 * through Electronegativity among them), marked again by every major garbage collection.
 */
async function runFile(file: string): Promise<FileResult> {
  const child = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), '--file', file], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let result: FileResult | undefined;
  child.on('message', (message) => (result = message as FileResult));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return result ?? { figures: {}, rows: [[file, '', '', '', 'FAILED']], failures: [`${file}: exited ${code}`] };
}

/** Runs the benchmarks of one file that `--only` selects, in this process. */
async function runBenchmarks(file: string): Promise<FileResult> {
  const result: FileResult = { figures: {}, rows: [], failures: [] };
  let benchmarks: Benchmark[];
  try {
    ({ benchmarks } = (await import(pathToFileURL(join(dir, file)).href)) as { benchmarks: Benchmark[] });
  } catch (error) {
    result.failures.push(`${file}: ${(error as Error).message}`);
    result.rows.push([file, '', '', '', 'FAILED TO LOAD']);
    return result;
  }
  for (const b of benchmarks) {
    // --only takes one prefix or several, comma-separated.
    if (values.only && !values.only.split(',').some((prefix) => b.name.startsWith(prefix))) continue;
    process.stderr.write(`running ${b.name}…\n`);
    let value: number;
    try {
      value = await b.run();
    } catch (error) {
      result.failures.push(`${b.name}: ${(error as Error).message}`);
      result.rows.push([b.name, '', b.unit, b.budget ? `${b.budget.op} ${format(b.budget.value)}` : '', 'FAILED']);
      continue;
    }
    result.figures[b.name] = Number(value.toFixed(3));
    const within = !b.budget
      ? ''
      : (b.budget.op === '<=' ? value <= b.budget.value : value >= b.budget.value)
        ? 'within'
        : 'OVER';
    result.rows.push([
      b.name,
      format(value),
      b.unit,
      b.budget ? `${b.budget.op} ${format(b.budget.value)}` : '',
      within,
    ]);
  }
  return result;
}

if (values.file) {
  // A bench file's own process: report to the runner and end, whatever handles the benches left open.
  process.send!(await runBenchmarks(values.file), () => process.exit(0));
} else {
  const figures: Record<string, number> = {};
  const rows: string[][] = [];
  /** A bench that cannot load or throws is reported on its row; the others still run. */
  const failures: string[] = [];
  for (const file of files) {
    const result = await runFile(file);
    Object.assign(figures, result.figures);
    rows.push(...result.rows);
    failures.push(...result.failures);
  }
  printTable(figures, rows, failures);
}

function printTable(figures: Record<string, number>, rows: string[][], failures: string[]) {
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
