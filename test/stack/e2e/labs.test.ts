// nova-lab as a trainee uses it: list, start a lab (its own stack, the fault, the failing boot),
// a wrong answer, a hint, the right answer, progress kept, reset, stop.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runIntoClosedPipe } from '../../helpers/run-cli.js';
import { ROOT } from './stack-harness.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-lab-e2e-'));
const lab = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/nova-lab.js'), ...args], { encoding: 'utf8', env: { ...process.env, NOVA_LAB_DIR: dir }, timeout: 180_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
afterAll(() => {
  lab('stop');
  fs.rmSync(dir, { recursive: true, force: true });
}, 90_000);

// First, so that it also starts the lab stack the next test reuses.
it('sets a lab up completely when its reader goes away (nova-lab start X | head -1), exit 0, no EPIPE trace', async () => {
  const r = await runIntoClosedPipe(path.join(ROOT, 'dist/nova-lab.js'), ['start', 'quota'], { afterLines: 1, env: { NOVA_LAB_DIR: dir }, timeoutMs: 180_000 });
  expect(r.linesRead).toBe(1);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const progress = JSON.parse(fs.readFileSync(path.join(dir, 'progress.json'), 'utf8'));
  expect(progress.current).toMatchObject({ lab: 'quota', requestId: expect.stringMatching(/^req-/) });
}, 240_000);

it('runs a lab from start to a solved answer, and keeps the progress', () => {
  const list = lab('list');
  expect(list.code).toBe(0);
  expect(list.out).toMatch(/^kvm\s+medium\s+Every host refuses to start the guest$/m);
  expect(list.out).toContain('0 of 13 solved');

  const start = lab('start', 'kvm');
  expect(start.code, start.err).toBe(0);
  expect(start.out).toContain('A user reports: server lab-vm is in ERROR');
  expect(start.out).toContain('(openstack server show lab-vm says ERROR)');
  expect(start.out).toContain(`nova-trace <request id> --log-dir ${path.join(dir, 'log')}`);

  // What the trainee finds with the tools the lab names.
  const progress = JSON.parse(fs.readFileSync(path.join(dir, 'progress.json'), 'utf8'));
  const trace = spawnSync(process.execPath, [path.join(ROOT, 'dist/nova-trace.js'), progress.current.requestId, '--log-dir', path.join(dir, 'log'), '--json'], { encoding: 'utf8', timeout: 60_000 });
  expect(JSON.parse(trace.stdout).verdict.cause.id).toBe('hypervisor-permission');

  expect(lab('check', '1')).toMatchObject({ code: 1, out: expect.stringContaining('not hosts-full') });
  expect(lab('hint').out).toMatch(/^hint 1\/3: /);
  expect(lab('check', '5')).toMatchObject({ code: 0, out: expect.stringContaining('correct: hypervisor-permission. 1 of 13 labs solved.') });
  expect(lab('list').out).toMatch(/^kvm\s+medium\s+Every host refuses to start the guest  ✓ solved$/m);

  expect(lab('reset')).toMatchObject({ code: 0, out: expect.stringContaining('lab reset') });
  expect(lab('stop').code).toBe(0);
  expect(lab('list').out).toContain('1 of 13 solved');
  expect(lab('start', 'nope')).toMatchObject({ code: 2 });
}, 240_000);
