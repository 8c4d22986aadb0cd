// Names the test that kept its worker's event loop busy for long. vitest fails a whole run when a
// worker does not answer its runner within 60 s ("Timeout calling onTaskUpdate"), without saying
// which test held it: a blocking call (spawnSync of a slow CLI, a long synchronous loop) is found here.
// performance.now(), not Date.now(): a test's fake timers move Date, not the event loop.
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeEach } from 'vitest';

const WARN_MS = Number(process.env.NOVA_TRACE_STALL_WARN_MS ?? 10_000);
const TICK_MS = 250;
let lastTick = performance.now();
let longest = 0;
setInterval(() => {
  const now = performance.now();
  longest = Math.max(longest, now - lastTick - TICK_MS);
  lastTick = now;
}, TICK_MS).unref();

/** The longest stall since the last check, counting one still under way (the test just ended synchronously). */
function report(where: string): void {
  const ms = Math.max(longest, performance.now() - lastTick - TICK_MS);
  longest = 0;
  lastTick = performance.now();
  if (ms >= WARN_MS) process.stderr.write(`event loop blocked for ${(ms / 1000).toFixed(1)} s ${where} (vitest gives a silent worker 60 s)\n`);
}

beforeEach((ctx) => report(`before "${ctx.task.name}" (${ctx.task.file?.name})`));
afterEach((ctx) => report(`in "${ctx.task.name}" (${ctx.task.file?.name})`));
afterAll((suite) => report(`after the last test of ${suite.name}`));
