/**
 * One named figure. `run` returns the measured value; `budget` is the target,
 * printed beside it. Benchmarks report, they never fail the build.
 */
export interface Benchmark {
  name: string;
  unit: string;
  budget?: { op: '<=' | '>='; value: number };
  run(): Promise<number> | number;
}

/** p-th percentile of samples (nearest rank). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}
