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
    expect(r.out).toMatch(/^usage: nova-lab list \| start <lab> \| hint \| check/);
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
    expect(r.err).toContain("unknown lab '--help'");
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
