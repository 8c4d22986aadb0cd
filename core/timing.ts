// Opt-in phase timings on stderr (NOVA_TRACE_TIMING=1), for finding where a trace spends its time.
const enabled = process.env.NOVA_TRACE_TIMING === '1';
const t0 = performance.now();
let last = t0;

export function mark(label: string): void {
  if (!enabled) return;
  const now = performance.now();
  process.stderr.write(`[timing] ${label.padEnd(28)} +${(now - last).toFixed(1)} ms  (${(now - t0).toFixed(1)} ms since start)\n`);
  last = now;
}
