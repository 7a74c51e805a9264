/**
 * Retry delays with exponential growth and full jitter (AWS architecture blog,
 * "Exponential Backoff And Jitter"): after an outage, a clinic's workstations do not
 * all come back at the same instant and knock the hub over again.
 */
export function backoffDelay(attempt: number, random: () => number, baseMs = 500, maxMs = 60_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.max(100, Math.floor(random() * ceiling));
}
