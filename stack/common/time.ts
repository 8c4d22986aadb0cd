// Small time helpers shared by the services.

/** ISO 8601 to the second, as Nova's API prints times ("2026-11-23T10:15:02Z"). */
export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

/** Seconds since `since` (ms), two decimals, for Nova's "Took N seconds to …" lines. */
export function secondsSince(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(2);
}
