// Faults injected at run time through the real CLI (`nova-stack fault …`), shared by the e2e tests.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import { ROOT, type Stack } from './stack-harness.js';

/** `nova-stack <args> --state-dir <the stack's>`; fails the test when it exits non-zero. */
export function stackCli(stack: Stack, ...args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/nova-stack.js'), ...args, '--state-dir', stack.stateDir], { encoding: 'utf8', timeout: 30_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** Run `body` with a fault injected (`nova-stack fault inject …`), clearing every fault afterwards. */
export async function withFault(stack: Stack, args: string[], body: () => Promise<void>): Promise<void> {
  stackCli(stack, 'fault', 'inject', ...args);
  try {
    await body();
  } finally {
    stackCli(stack, 'fault', 'clear');
  }
}
