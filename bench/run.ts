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
  options: { json: { type: 'string' }, only: { type: 'string' }, patients: { type: 'string' } },
});
// The clinic size of the patient benchmarks (bench/patients.bench.ts reads it when imported).
if (values.patients) process.env.CAREDESK_BENCH_PATIENTS = values.patients;
const dir = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();

const figures: Record<string, number> = {};
const rows: string[][] = [];
/** A bench that cannot load or throws is reported on its row; the others still run. */
const failures: string[] = [];
for (const file of files) {
  let benchmarks: Benchmark[];
  try {
    ({ benchmarks } = (await import(pathToFileURL(join(dir, file)).href)) as { benchmarks: Benchmark[] });
  } catch (error) {
    failures.push(`${file}: ${(error as Error).message}`);
    rows.push([file, '', '', '', 'FAILED TO LOAD']);
    continue;
  }
  for (const b of benchmarks) {
    // --only takes one prefix or several, comma-separated.
    if (values.only && !values.only.split(',').some((prefix) => b.name.startsWith(prefix))) continue;
    process.stderr.write(`running ${b.name}…\n`);
    let value: number;
    try {
      value = await b.run();
    } catch (error) {
      failures.push(`${b.name}: ${(error as Error).message}`);
      rows.push([b.name, '', b.unit, b.budget ? `${b.budget.op} ${format(b.budget.value)}` : '', 'FAILED']);
      continue;
    }
    figures[b.name] = Number(value.toFixed(3));
    const within = !b.budget
      ? ''
      : (b.budget.op === '<=' ? value <= b.budget.value : value >= b.budget.value)
        ? 'within'
        : 'OVER';
    rows.push([b.name, format(value), b.unit, b.budget ? `${b.budget.op} ${format(b.budget.value)}` : '', within]);
  }
}

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

function format(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}
