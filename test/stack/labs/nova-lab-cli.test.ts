// nova-lab's command line (the built program, no lab stack started): help, usage errors, stop
// without a stack, a closed pipe.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli, runIntoClosedPipe } from '../../helpers/run-cli.js';

const LAB_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-lab-cli-'));
afterAll(() => fs.rmSync(LAB_DIR, { recursive: true, force: true }));
const lab = (...args: string[]) => runCli(BIN.lab, args, { NOVA_LAB_DIR: LAB_DIR });

describe('nova-lab --help', () => {
  it.each([[['--help']], [['-h']], [['help']], [['start', '--help']], [['check', '-h']], [['stop', '--help']]])('%j prints the usage and exits 0', (args) => {
    const r = lab(...args);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^usage: nova-lab list \| start <lab> \[--hands-on\] \| hint \| check <cause> \[--host H\] \[--line FILE:LINE \| --quote TEXT\]/);
    expect(r.out).toContain('$NOVA_LAB_DIR');
  });
});

describe('nova-lab usage errors (exit 2)', () => {
  it.each([
    [['frob'], /unknown command 'frob'/],
    [['start', '--bogus'], /unknown option --bogus/],
    [['hint', 'extra'], /unexpected argument 'extra'/],
    [['start', 'kvm', 'extra'], /unexpected argument 'extra'/],
  ])('%j', (args, message) => {
    const r = lab(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('usage: nova-lab');
  });

  it('-- ends the options: what follows is an argument, even --help', () => {
    const r = lab('start', '--', '--help');
    expect(r.code).toBe(2);
    expect(r.err).toContain("there is no lab '--help'");
  });

  it.each([
    [['start', '99'], 'nova-lab: there is no lab 99 (1–28)'],
    [['start', '0', '--hands-on'], 'nova-lab: there is no lab 0 (1–28)'],
    [['start'], 'nova-lab: name a lab: nova-lab start <number or name> (1–28, see nova-lab list)'],
    [['check', '5', '--hands-on'], 'nova-lab: --hands-on does not go with check'],
    [['check', '5', '--line', 'a.log:1', '--quote', 'words'], 'nova-lab: give --line or --quote, not both'],
  ])('%j says what is wrong, starts nothing', (args, message) => {
    const r = lab(...args);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(message);
    expect(r.out).toBe('');
  });

  it('check 99 says there is no such choice, with or without a lab running', () => {
    expect(lab('check', '99')).toMatchObject({ code: 2, err: 'nova-lab: there is no choice 99 (1–24)\n' });
    fs.writeFileSync(path.join(LAB_DIR, 'progress.json'), JSON.stringify({ version: 2, scores: {}, current: { lab: 'kvm', mode: 'hands-on', hintsShown: 0, requestId: 'req-x', startedAt: new Date().toISOString(), attempts: 0 } }));
    try {
      expect(lab('check', '99')).toMatchObject({ code: 2, err: 'nova-lab: there is no choice 99 (1–24)\n' });
      expect(lab('check', 'frob')).toMatchObject({ code: 2, err: expect.stringContaining("there is no cause 'frob' among the choices") });
      const missing = lab('check', '5');
      expect(missing.code).toBe(2);
      expect(missing.err).toContain('a hands-on lab wants the evidence too: add --host HOST and --line FILE:LINE or --quote "TEXT"');
      expect(JSON.parse(fs.readFileSync(path.join(LAB_DIR, 'progress.json'), 'utf8')).current.attempts).toBe(0);
    } finally {
      fs.rmSync(path.join(LAB_DIR, 'progress.json'));
    }
  });
});

describe('nova-lab list', () => {
  it('numbers the labs easy to hard, with the score columns', () => {
    const r = lab('list');
    expect(r.code).toBe(0);
    const rows = r.out.split('\n');
    expect(rows[0]).toMatch(/^ #  lab\s+level\s+release\s+title\s+result\s+answers hints\s+time  mode$/);
    expect(rows[1]).toMatch(/^ 1  \S+\s+easy /);
    expect(rows[26]).toMatch(/^26  \S+\s+hard /);
    // The release each lab's stack runs: the legacy lab says so.
    expect(r.out).toMatch(/^\s*\d+  legacy-kvm\s+medium\s+legacy\s+An older cloud refuses the guest/m);
    expect(rows[1]).toMatch(/^ 1  \S+\s+easy\s+current /);
    expect(r.out).toContain('0 of 28 solved. Start one with: nova-lab start <number or name> [--hands-on]');
  });
});

describe('nova-lab stop', () => {
  it('says when no lab stack was running, and exits 0', () => {
    const r = lab('stop');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`no lab stack was running (state in ${path.join(LAB_DIR, 'stack')})`);
    expect(r.out).not.toContain('lab stack stopped');
  });
});

describe('nova-lab with its stdout closed early', () => {
  it.each([[['list'], 0], [['--help'], 0], [['list'], 2]])('%j exits 0 and quietly (closed after %i lines)', async (args, afterLines) => {
    const r = await runIntoClosedPipe(BIN.lab, args, { afterLines, env: { NOVA_LAB_DIR: LAB_DIR } });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
});
