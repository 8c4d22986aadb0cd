// The live view on a small directory as a person sees it (tmux): the history bar finishes, the
// service labels are whole words (neutron, glance, not 'neutron-' or 'glance-a'), and a symlink
// loop in the directory does not stop it.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TmuxSession } from './tmux-session.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(ROOT, 'dist/nova-trace.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

describe.skipIf(!hasTmux && !process.env.CI)('nova-trace tail on a small directory', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-small-'));
  let tui: TmuxSession | undefined;
  afterAll(() => {
    tui?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the history bar, labels services with whole words, and survives a symlink loop', async () => {
    fs.writeFileSync(path.join(dir, 'nova-api.log'), fs.readFileSync(path.join(ROOT, 'samples/reschedule/ctl1/nova-api.log'), 'utf8').split('\n').slice(0, 5).join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'neutron-server.log'), '2026-11-24 09:40:00.000 3100 INFO neutron.wsgi [req-0e0e0e0e-1111-4222-8333-444444444444 admin demo - - -] 10.0.0.9 "PUT /v2.0/ports/1 HTTP/1.1" status: 200  len: 900 time: 0.05\n');
    fs.writeFileSync(path.join(dir, 'glance-api.log'), '2026-11-24 09:40:01.000 3200 INFO eventlet.wsgi.server [req-0e0e0e0e-1111-4222-8333-444444444444 admin demo - - -] 10.0.0.9 - - [24/Nov/2026 09:40:01] "GET /v2/images/x HTTP/1.1" 200 900 0.01\n');
    fs.mkdirSync(path.join(dir, 'loop'));
    fs.symlinkSync('..', path.join(dir, 'loop', 'up'));
    tui = new TmuxSession([process.execPath, CLI, 'tail', '--log-dir', dir, '--no-incidents'], { cols: 160, rows: 30 });
    const s = await tui.waitFor((x) => x.includes('following') && x.includes('/v2.0/ports/1') && x.includes('/v2/images/x') && !x.includes('history '), 'the first screen, with the history loaded');
    expect(s).toMatch(/ neutron +INFO/);
    expect(s).toMatch(/ glance +INFO/);
    expect(s).not.toMatch(/neutron-|glance-a/);
    // The help lists each filter term once.
    tui.keys('?');
    const help = await tui.waitFor((x) => x.includes('Filter prompt (f)'), 'the help');
    expect(help.split('clear ').length - 1).toBe(1);
    expect(help.split('minimum level').length - 1).toBe(1);
  });
});
