// nova-stack's command line as a user meets it (the built program, no stack started): help
// for every command, usage errors, a closed pipe, down/status without a stack, the openrc.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openrcLines } from '../../../stack/cli/openrc.js';
import { newConfig } from '../../../stack/cli/new-config.js';
import { BIN, runCli, runIntoClosedPipe } from '../../helpers/run-cli.js';

const EMPTY_STATE = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-stack-cli-'));
afterAll(() => fs.rmSync(EMPTY_STATE, { recursive: true, force: true }));
const stack = (...args: string[]) => runCli(BIN.stack, args, { NOVA_STACK_STATE_DIR: EMPTY_STATE });

describe('nova-stack --help', () => {
  it.each([['--help'], ['-h'], ['help']])('%s prints every command and exits 0', (flag) => {
    const r = stack(flag);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    for (const cmd of ['up', 'down', 'status', 'fault']) expect(r.out).toContain(`nova-stack ${cmd} `);
  });

  it.each([
    [['up', '--help'], 'usage: nova-stack up', '--rpc-timeout S'],
    [['help', 'up'], 'usage: nova-stack up', '--release R'],
    [['down', '-h'], 'usage: nova-stack down', 'says so when none is running'],
    [['status', '--help'], 'usage: nova-stack status', 'Exit 0 all up'],
    [['fault', '--help'], 'usage: nova-stack fault', 'anti-affinity          not injectable'],
    [['fault', 'inject', '--help'], 'usage: nova-stack fault', 'rpc-timeout            whole stack [--count N]'],
    [['fault', 'help'], 'usage: nova-stack fault', 'clock-skew             [--host H] until cleared [--seconds S]'],
    [['up', '--hosts', '3', '--help'], 'usage: nova-stack up', '--detach'],
    [['up', '--help'], 'usage: nova-stack up', 'hosts report PCPU for the dedicated CPUs'],
    [['fault', '--help'], 'usage: nova-stack fault', 'volume-boot-failure    whole stack [--count N] [--mode error|creating]'],
  ])('%j prints that command\'s usage and exits 0', (args, first, detail) => {
    const r = stack(...args);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out.startsWith(first)).toBe(true);
    expect(r.out).toContain(detail);
  });
});

describe('nova-stack usage errors (exit 2, the message, then the usage)', () => {
  it.each([
    [[], /a command is required/],
    [['frob'], /unknown command frob/],
    [['help', 'frob'], /no command 'frob' to help with/],
    [['up', '--hosts', '0x2'], /--hosts must be a decimal integer from 1 to 32, not '0x2'/],
    [['up', '--hosts', '1e1'], /--hosts must be a decimal integer from 1 to 32, not '1e1'/],
    [['up', '--hosts', ' 2'], /--hosts must be a decimal integer/],
    [['up', '--base-port=0x4000'], /--base-port must be a decimal integer from 1024 to 65000, not '0x4000'/],
    [['up', '--rpc-timeout', 'Infinity'], /--rpc-timeout must be a decimal number of seconds above 0 up to 3600, not 'Infinity'/],
    [['up', '--rpc-timeout', '0'], /--rpc-timeout must be a decimal number of seconds above 0/],
    [['fault', 'inject', 'clock-skew', '--seconds', '1e3'], /--seconds must be a decimal number of seconds from -86400 up to 86400, not '1e3'/],
    [['fault', 'inject', 'disk-full', '--count', '0x2'], /--count must be a decimal integer from 1/],
    [['down', '--hosts', '3'], /--hosts does not apply to 'down'/],
    [['up', '--hosts'], /--hosts needs a value/],
    [['up', '--detach=yes'], /--detach takes no value/],
    [['status', '--bogus'], /unknown option --bogus/],
    [['status', '--', '--help'], /unexpected argument '--help'/],
    [['fault', 'list', '--host', 'cmp1'], /--host applies only to fault inject/],
    [['fault', 'inject'], /fault inject needs a fault name/],
    [['fault', 'inject', 'no-such-fault'], /unknown fault 'no-such-fault'/],
    [['fault', 'frob'], /unknown fault command 'frob'/],
    [['up', '--cpu-dedicated-set', '7-4'], /--cpu-dedicated-set: Invalid range expression 7-4/],
    [['up', '--cpu-shared-set', 'a'], /--cpu-shared-set: Invalid CPU range a/],
    [['down', '--cpu-dedicated-set', '4-7'], /--cpu-dedicated-set does not apply to 'down'/],
  ])('%j', (args, message) => {
    const r = stack(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('usage: nova-stack');
    expect(r.out).toBe('');
  });

  it('-- ends the options: a fault named after it is a name, and --help after it is not help', () => {
    expect(stack('fault', 'inject', '--', '--help').err).toMatch(/unknown fault '--help'/);
    const r = stack('fault', 'clear', '--', 'disk-full');
    expect(r.err).toMatch(/no stack in /); // parsed as `clear disk-full`; this state dir has no stack
    expect(r.code).toBe(2);
  });
});

describe('nova-stack without a stack', () => {
  it('down says no stack was running and exits 0', () => {
    const r = stack('down');
    expect(r.code).toBe(0);
    expect(r.err).toContain(`no stack is running from ${EMPTY_STATE}`);
  });

  it('status reads $NOVA_STACK_STATE_DIR (what the openrc exports) and exits 2', () => {
    const r = stack('status');
    expect(r.code).toBe(2);
    expect(r.out).toContain(`no stack running from ${EMPTY_STATE}`);
  });

  it('the openrc exports NOVA_STACK_STATE_DIR, so status works in a shell that sourced it', async () => {
    const cfg = await newConfig({ stateDir: EMPTY_STATE, logDir: path.join(EMPTY_STATE, 'log'), hosts: 1, basePort: 20000, debug: false, delays: 'zero', release: 'current' });
    expect(openrcLines(cfg)).toContain(`export NOVA_STACK_STATE_DIR=${EMPTY_STATE}`);
  });
});

describe('nova-stack up --no-start', () => {
  it('writes the state dir (stack.json, database, openrc) and starts nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-stack-nostart-'));
    try {
      const r = runCli(BIN.stack, ['up', '--no-start', '--hosts', '3', '--state-dir', path.join(dir, 'state'), '--log-dir', path.join(dir, 'log')], {});
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('not started');
      const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'state', 'stack.json'), 'utf8')) as { computeHosts: unknown[] };
      expect(cfg.computeHosts).toHaveLength(3);
      expect(fs.readFileSync(path.join(dir, 'state', 'openrc'), 'utf8')).toContain('export OS_AUTH_URL=');
      expect(fs.existsSync(path.join(dir, 'state', 'run'))).toBe(false);
      expect(runCli(BIN.stack, ['status', '--state-dir', path.join(dir, 'state')], {}).code).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('nova-stack with its stdout closed early', () => {
  it.each([[['--help']], [['fault', '--help']], [['down']]])('%j exits 0 and quietly', async (args) => {
    const r = await runIntoClosedPipe(BIN.stack, args, { env: { NOVA_STACK_STATE_DIR: EMPTY_STATE } });
    expect(r.code).toBe(0);
    expect(r.err).toBe(args[0] === 'down' ? `nova-stack: no stack is running from ${EMPTY_STATE}\n` : '');
  });

  it('keeps its own exit status (status without a stack: 2), with no EPIPE trace', async () => {
    const r = await runIntoClosedPipe(BIN.stack, ['status'], { env: { NOVA_STACK_STATE_DIR: EMPTY_STATE } });
    expect(r.code).toBe(2);
    expect(r.err).toBe('');
  });
});
