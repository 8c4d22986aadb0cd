// nova-lab as a trainee uses it: list, start a lab (its own stack, the fault, the failing boot),
// a wrong answer, a hint, the right answer, progress kept, reset, stop; and a hands-on lab, in
// which nova-trace withholds the cause and the answer must name the host and the line.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runIntoClosedPipe } from '../../helpers/run-cli.js';
import { ROOT } from './stack-harness.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-lab-e2e-'));
/**
 * `nova-lab <args>` without blocking this worker: a start brings a stack up, which takes minutes
 * on a loaded machine, longer than vitest lets a worker go silent.
 */
const lab = (...args: string[]): Promise<{ code: number | null; out: string; err: string }> => new Promise((resolve) => {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/nova-lab.js'), ...args], { env: { ...process.env, NOVA_LAB_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => { out += c; });
  child.stderr.setEncoding('utf8').on('data', (c: string) => { err += c; });
  const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  child.on('close', (code) => { clearTimeout(timer); resolve({ code, out, err }); });
});
afterAll(async () => {
  await lab('stop');
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

it('runs a lab from start to a solved answer, and keeps the progress', async () => {
  const list = await lab('list');
  expect(list.code).toBe(0);
  expect(list.out).toMatch(/^ 6  kvm\s+medium\s+current\s+Every host refuses to start the guest$/m);
  expect(list.out).toContain('0 of 28 solved');

  // After a hosts-full lab, the hosts must report their memory free again before the next boot.
  expect((await lab('start', 'crowded')).code).toBe(0);
  const start = await lab('start', 'kvm');
  expect(start.code, start.err).toBe(0);
  expect(start.out).toContain('A user reports: server lab-vm is in ERROR');
  expect(start.out).toContain('(openstack server show lab-vm says ERROR)');
  expect(start.out).toContain(`nova-trace <request id> --log-dir ${path.join(dir, 'log')}`);

  // What the trainee finds with the tools the lab names.
  const progress = JSON.parse(fs.readFileSync(path.join(dir, 'progress.json'), 'utf8'));
  const trace = spawnSync(process.execPath, [path.join(ROOT, 'dist/nova-trace.js'), progress.current.requestId, '--log-dir', path.join(dir, 'log'), '--json'], { encoding: 'utf8', timeout: 60_000 });
  expect(JSON.parse(trace.stdout).verdict.cause.id).toBe('hypervisor-permission');

  expect(await lab('check', '1')).toMatchObject({ code: 1, out: expect.stringContaining('not yet: the cause is not right.\n  cause: hosts-full is not what failed this boot') });
  expect((await lab('hint')).out).toMatch(/^hint 1\/3: /);
  const right = await lab('check', '5');
  expect(right.code, right.err).toBe(0);
  expect(right.out).toMatch(/^correct: hypervisor-permission\.$/m);
  expect(right.out).toContain('The real fix: On the compute hosts: ls -l /dev/kvm');
  expect(right.out).toMatch(/^Solved in 2 answer\(s\), 1 hint\(s\), \d+ s \(guided\)\. 1 of 28 labs solved\.$/m);
  expect((await lab('list')).out).toMatch(/^ 6  kvm\s+medium\s+current\s+Every host refuses to start the guest\s+✓ solved\s+2\s+1\s+\d+ s  guided$/m);

  expect(await lab('reset')).toMatchObject({ code: 0, out: expect.stringContaining('lab reset') });
  expect((await lab('stop')).code).toBe(0);
  expect((await lab('list')).out).toContain('1 of 28 solved');
  expect(await lab('start', 'nope')).toMatchObject({ code: 2 });
}, 240_000);

it('runs a lab hands-on: nova-trace withholds the cause, the answer names cause, host and line', async () => {
  const start = await lab('start', 'binding', '--hands-on');
  expect(start.code, start.err).toBe(0);
  expect(start.out).toContain('Lab 7 binding: A port that never gets bound (medium, hands-on)');
  expect(start.out).toContain('Hosts: controller (the api, scheduler, conductor, placement, neutron, glance and cinder logs), cmp1, cmp2');
  expect(start.out).toContain('nova-lab check <cause> --host <host> --line <file>:<line>');
  const logDir = path.join(dir, 'log');
  const { requestId } = JSON.parse(fs.readFileSync(path.join(dir, 'progress.json'), 'utf8')).current;
  const trace = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'dist/nova-trace.js'), requestId, '--log-dir', logDir, ...args], { encoding: 'utf8', env: { ...process.env, NOVA_LAB_DIR: dir, NO_COLOR: '1' }, timeout: 60_000 });

  // What the trainee sees: the stages and the log lines, not the verdict's cause.
  const json = JSON.parse(trace('--json').stdout);
  expect(json.verdict).toMatchObject({ status: 'ERROR', cause: null, probable_cause: null, next_check: null });
  expect(json.withheld).toMatchObject({ lab: 'binding' });
  const text = trace().stdout;
  expect(text).not.toMatch(/^(Cause|Next) /m);
  expect(text).not.toContain('port-binding-failed');
  expect(text).toMatch(/^note: hands-on lab 'binding' is running: the cause and next check are withheld; .*nova-lab reset$/m);

  // The trainee's evidence: the compute host that failed and the line neutron logged.
  const host = json.verdict.root_cause.host as string;
  const other = host === 'cmp1' ? 'cmp2' : 'cmp1';
  const neutron = (json.records as { file: string; line: number; message: string }[]).find((r) => r.message.startsWith('Failed to bind port'))!;
  const line = `${neutron.file}:${neutron.line}`;

  expect(await lab('check', 'port-binding-failed')).toMatchObject({ code: 2, err: expect.stringContaining('a hands-on lab wants the evidence too') });
  const wrongHost = await lab('check', 'port-binding-failed', '--host', other, '--line', line);
  expect(wrongHost.code).toBe(1);
  expect(wrongHost.out).toContain(`not yet: the cause is right; the host is not; the line is right.\n  host: ${other}'s logs do not show the cause of this boot`);

  const right = await lab('check', '7', '--host', host, '--line', line);
  expect(right.code, right.err).toBe(0);
  expect(right.out).toContain(`correct: port-binding-failed on ${host}, shown by ${line}.`);
  expect(right.out).toMatch(new RegExp(`^  ${line.replace(/[.]/g, '\\.')}  neutron@controller  Failed to bind port .* on host ${host}`, 'm'));
  expect(right.out).toMatch(/^What they show: neutron-server could not bind the port/m);
  expect(right.out).toMatch(/^The real fix: Make the host bindable/m);

  // Solved: the verdict is back, and the score is kept.
  expect(JSON.parse(trace('--json').stdout).verdict.cause.id).toBe('port-binding-failed');
  expect(fs.existsSync(path.join(dir, 'hands-on.json'))).toBe(false);
  expect((await lab('list')).out).toMatch(/^ 7  binding\s+medium\s+current\s+A port that never gets bound\s+✓ solved\s+2\s+0\s+\d+ s  hands-on$/m);
  expect((await lab('list')).out).toContain('2 of 28 solved');
}, 240_000);

it('runs a lab of a new fault: big-image (image-too-big), solved with the cause nova-trace names', async () => {
  const start = await lab('start', 'big-image');
  expect(start.code, start.err).toBe(0);
  expect(start.out).toContain('(openstack server show lab-vm says ERROR)');
  const right = await lab('check', 'image-too-big', '--host', 'cmp1');
  const other = await lab('check', 'image-too-big', '--host', 'cmp2');
  // The image check failed on the one host the boot went to (an aborted build is not rescheduled).
  const solved = [right, other].find((r) => r.code === 0);
  expect(solved, right.out + other.out).toBeDefined();
  expect(solved!.out).toMatch(/virtual size \d+ larger than flavor root disk size 1073741824/);
  expect(solved!.out).toMatch(/^The real fix: Boot with a flavor whose disk holds the image's virtual size/m);
  expect((await lab('list')).out).toMatch(/^ 4  big-image\s+easy\s+current\s+The new image will not boot\s+✓ solved/m);
}, 240_000);

it('runs the labs of a move: lab-vm boots, then its live migration / resize fails on the source and is rolled back', async () => {
  for (const [id, cause, proving, fix] of [
    ['stuck-at-home', 'live-migration-failed', /Live Migration failure: operation failed: Failed to connect to remote libvirt URI qemu\+tcp:\/\/cmp\d\/system/, /^The real fix: Make the destination's libvirtd reachable/m],
    ['no-way-across', 'resize-failed', /Resize error: not able to execute ssh command/, /^The real fix: Let the compute hosts' nova users ssh/m],
  ] as const) {
    const start = await lab('start', id);
    expect(start.code, start.err).toBe(0);
    expect(start.out).toContain('(openstack server show lab-vm says ACTIVE)');
    expect((await lab('check', 'hosts-full')).out).toMatch(/^not yet: /m);
    // Only the source logged the failure; the destination's log does not prove it.
    const answers = [await lab('check', cause, '--host', 'cmp1'), await lab('check', cause, '--host', 'cmp2')];
    const solved = answers.filter((r) => r.code === 0);
    expect(solved, answers.map((r) => r.out).join('\n')).toHaveLength(1);
    expect(solved[0].out).toMatch(new RegExp(`^correct: ${cause} on cmp\\d`, 'm'));
    expect(solved[0].out).toMatch(proving);
    expect(solved[0].out).toMatch(fix);
  }
}, 400_000);
