// `nova-stack fault` on a stack's state dir (its configuration and fault store; no service needs
// to run for these): inject refuses what the stack cannot do, list says what is injected.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newConfig } from '../../../stack/cli/new-config.js';
import { writeConfig } from '../../../stack/common/stack-config.js';
import { FAULT_NAMES } from '../../../stack/faults/fault-catalog.js';
import { FaultStore } from '../../../stack/faults/fault-store.js';
import { BIN, runCli } from '../../helpers/run-cli.js';

const STATE = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-fault-cli-'));
const fault = (...args: string[]) => runCli(BIN.stack, ['fault', ...args, '--state-dir', STATE]);
const stored = () => { const s = new FaultStore(STATE); try { return s.list(); } finally { s.close(); } };

beforeAll(async () => {
  writeConfig(await newConfig({ stateDir: STATE, logDir: path.join(STATE, 'log'), hosts: 2, basePort: 20000, debug: false, delays: 'zero', release: 'current' }));
});
beforeEach(() => { fault('clear'); });
afterAll(() => fs.rmSync(STATE, { recursive: true, force: true }));

describe('nova-stack fault inject refuses what the stack cannot do (exit 2, nothing stored)', () => {
  it.each([
    [['anti-affinity'], /cannot inject anti-affinity: anti-affinity is a situation, not an injectable fault: it needs a server group with the anti-affinity policy/],
    [['disk-full', '--host', 'cmp9'], /cannot inject disk-full: no compute host 'cmp9' in this stack \(hosts: cmp1, cmp2\)/],
    [['rpc-timeout', '--host', 'cmp1'], /rpc-timeout acts on the whole stack, not on one host: leave out --host/],
    [['hosts-full', '--count', '2'], /hosts-full holds until cleared .*--count cannot apply/],
    [['compute-down', '--count', '1'], /compute-down holds until cleared/],
    [['disk-full', '--seconds', '3'], /disk-full takes no --seconds \(only clock-skew does\)/],
  ])('inject %j', (args, message) => {
    const r = fault('inject', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
    expect(stored()).toEqual([]);
  });

  it('injects what it can, and says for how long', () => {
    expect(fault('inject', 'disk-full', '--host', 'cmp2', '--count', '2')).toMatchObject({ code: 0, out: 'injected disk-full on cmp2 for the next 2 use(s)\n' });
    expect(fault('inject', 'rpc-timeout')).toMatchObject({ code: 0, out: 'injected rpc-timeout on the whole stack until cleared\n' });
    expect(fault('inject', 'clock-skew', '--host', 'cmp1', '--seconds', '-3.5').code).toBe(0);
    expect(stored().map((f) => [f.name, f.host, f.remaining, f.params])).toEqual([
      ['clock-skew', 'cmp1', null, { seconds: -3.5 }], ['disk-full', 'cmp2', 2, {}], ['rpc-timeout', '*', null, {}],
    ]);
  });

  it('every fault of the catalogue either injects on every host or is refused as a situation', () => {
    for (const name of FAULT_NAMES) {
      const r = fault('inject', name);
      expect([r.code, name]).toEqual([name === 'anti-affinity' ? 2 : 0, name]);
    }
  });

  it('volume-boot-failure takes --mode error|creating (stored for cinder-lite); other faults and other modes are refused', () => {
    expect(fault('inject', 'volume-boot-failure', '--mode', 'creating', '--count', '1')).toMatchObject({ code: 0, out: 'injected volume-boot-failure on the whole stack for the next 1 use(s)\n' });
    expect(stored().find((f) => f.name === 'volume-boot-failure')?.params).toEqual({ mode: 'creating' });
    expect(fault('list').out).toMatch(/^volume-boot-failure\s+whole stack\s+1 more use\(s\)\s+mode creating$/m);
    expect(fault('inject', 'volume-boot-failure', '--mode', 'slow')).toMatchObject({ code: 2, err: "nova-stack: cannot inject volume-boot-failure: volume-boot-failure has no mode 'slow' (modes: error, creating)\n" });
    expect(fault('inject', 'disk-full', '--mode', 'error')).toMatchObject({ code: 2, err: 'nova-stack: cannot inject disk-full: disk-full takes no --mode\n' });
    expect(fault('clear', '--mode', 'error').code).toBe(2);
  });

  it('refuses a state dir without a stack', () => {
    const r = runCli(BIN.stack, ['fault', 'inject', 'disk-full', '--state-dir', path.join(STATE, 'nothing-here')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no stack in .*nothing-here/);
  });
});

describe('nova-stack fault list', () => {
  it('says when no fault is injected', () => {
    expect(fault('list')).toMatchObject({ code: 0, out: 'no faults injected\n', err: '' });
    expect(fault()).toMatchObject({ code: 0, out: 'no faults injected\n' });
  });

  it('has a header and one row per fault: where, how long, parameters', () => {
    fault('inject', 'disk-full', '--host', 'cmp2', '--count', '2');
    fault('inject', 'image-unavailable');
    fault('inject', 'hypervisor-permission');
    fault('inject', 'clock-skew', '--host', 'cmp1', '--seconds', '9');
    const lines = fault('list').out.trimEnd().split('\n').map((l) => l.split(/\s{2,}/));
    expect(lines).toEqual([
      ['fault', 'host', 'lasts', 'params'],
      ['clock-skew', 'cmp1', 'until cleared', '9 s'],
      ['disk-full', 'cmp2', '2 more use(s)'],
      ['hypervisor-permission', 'every host', 'until cleared'],
      ['image-unavailable', 'whole stack', 'until cleared'],
    ]);
  });
});
