// Opt-in phase timings on stderr (NOVA_TRACE_TIMING=1), for finding where a trace spends its time.
const enabled = process.env.NOVA_TRACE_TIMING === '1';
// performance.now() counts from the process's start, so start-up shows in the first mark.
const t0 = 0;
let last = t0;

export function mark(label: string): void {
  if (!enabled) return;
  const now = performance.now();
  process.stderr.write(`[timing] ${label.padEnd(28)} +${(now - last).toFixed(1)} ms  (${(now - t0).toFixed(1)} ms since start)\n`);
  last = now;
}
