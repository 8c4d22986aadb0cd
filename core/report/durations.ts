// Human durations for reports: 412 ms, 5.31 s, 2m 04.4s.
export function formatDuration(ms: number | null): string {
  if (ms === null || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m ${((ms - m * 60_000) / 1000).toFixed(1).padStart(4, '0')}s`;
}

/** "2026-11-23 10:15:02.118" → "10:15:02.118"; other layouts unchanged. */
export function timeOfDay(ts: string | null): string {
  if (!ts) return '';
  const m = /\d\d:\d\d:\d\d(?:\.\d+)?/.exec(ts);
  return m ? m[0] : ts;
}
