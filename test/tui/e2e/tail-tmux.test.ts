// The live view as an operator uses it: `nova-trace tail` on a terminal (tmux) over a copy of a
// real-looking deployment's logs (samples/reschedule: one controller, two compute hosts, a boot
// that failed to spawn on cmp1 and went ACTIVE on cmp2). Lines are appended, files rotated by
// rename and by copytruncate, keys pressed; the screen is read back as the person would see it.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TmuxSession } from './tmux-session.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(ROOT, 'dist/nova-trace.js');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;

const line = (ts: string, pid: number, level: string, logger: string, ctx: string, msg: string) =>
  `2026-11-24 ${ts} ${pid} ${level} ${logger} [${ctx}] ${msg}\n`;
const REQ = 'req-0e0e0e0e-1111-4222-8333-444444444444 admin demo - - -';

describe.skipIf(!hasTmux && !process.env.CI)('nova-trace tail under tmux', () => {
  let dir: string;
  let logs: string;
  let saves: string;
  let tui: TmuxSession;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-tmux-'));
    logs = path.join(dir, 'log');
    saves = path.join(dir, 'saved');
    fs.cpSync(path.join(ROOT, 'samples/reschedule'), logs, { recursive: true });
    fs.rmSync(path.join(logs, 'expected.json'));
    fs.mkdirSync(saves);
    tui = new TmuxSession([process.execPath, CLI, 'tail', '--log-dir', logs, '--save-dir', saves, '--index', path.join(dir, 'index.sqlite')], { cols: 160, rows: 40 });
    await tui.waitFor((s) => s.includes('following') && s.includes('name=cmp2 phys_ram=7680MB used_ram=3584MB'), 'the newest line of the sample logs');
  });

  afterAll(() => {
    tui?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows lines appended to any file as they are written', async () => {
    fs.appendFileSync(path.join(logs, 'ctl1/nova-api.log'), line('09:50:00.000', 2101, 'ERROR', 'nova.api.openstack.wsgi', REQ, 'injected failure for the test'));
    const s = await tui.waitFor((x) => x.includes('injected failure for the test'), 'the appended line');
    expect(s).toMatch(/09:50:00\.000 +api +ERROR/);
  });

  it('keeps following a file rotated by rename, and one rotated by copytruncate', async () => {
    const cmp2 = path.join(logs, 'cmp2/nova-compute.log');
    fs.renameSync(cmp2, `${cmp2}.1`);
    fs.writeFileSync(cmp2, line('09:50:01.000', 5200, 'INFO', 'nova.compute.manager', '-', 'first line after the rename rotation'));
    await tui.waitFor((x) => x.includes('first line after the rename rotation'), 'a line in the new cmp2 file');

    const cmp1 = path.join(logs, 'cmp1/nova-compute.log');
    fs.copyFileSync(cmp1, `${cmp1}.1`);
    fs.truncateSync(cmp1, 0);
    fs.appendFileSync(cmp1, line('09:50:02.000', 5120, 'INFO', 'nova.compute.manager', '-', 'first line after copytruncate'));
    const s = await tui.waitFor((x) => x.includes('first line after copytruncate'), 'a line in the truncated cmp1 file');
    expect(s).toMatch(/cpu@cmp1/);
  });

  it('finds the previous error and shows its parsed fields (E, p)', async () => {
    tui.keys('E');
    await tui.waitFor((x) => /scroll|autoscroll off/.test(x), 'autoscroll off after moving');
    tui.keys('p');
    const s = await tui.waitFor((x) => x.includes('nova.api.openstack.wsgi') && x.includes('req-0e0e0e0e-1111-4222-8333-444444444444'), 'the fields of the injected error');
    expect(s).toContain('injected failure for the test');
    tui.keys('q');
    // The status line shows under the fields pane too: wait for the pane (its logger field) to be gone.
    await tui.waitFor((x) => (x.includes('following') || x.includes('row ')) && !x.includes('nova.api.openstack.wsgi'), 'back in the log view');
  });

  it('searches, then opens the stage trace of the line (/, Enter) and closes it (Esc)', async () => {
    tui.keys('/');
    tui.type('Instance failed to spawn');
    tui.keys('Enter');
    await tui.waitFor((x) => x.includes('Instance failed to spawn'), 'the search hit');
    tui.keys('Enter');
    const s = await tui.waitFor((x) => x.includes('compute.spawn') && x.includes('after a reschedule'), 'the trace pane', 15_000);
    expect(s).toContain('req-f541c3b1-affa-48e2-8781-570a61c26251');
    expect(s).toMatch(/cmp1/);
    tui.keys('Escape');
    await tui.waitFor((x) => !x.includes('compute.claim') && x.includes('row '), 'the log view again');
  });

  it('filters out a service with the f prompt and clears the filter', async () => {
    tui.keys('G');
    tui.keys('f');
    tui.type('-api');
    tui.keys('Enter');
    const s = await tui.waitFor((x) => x.includes('-api') && !/ \d\d:\d\d:\d\d\.\d{3} api /.test(x), 'no api rows');
    expect(s).toMatch(/cpu@cmp[12]/);
    tui.keys('f');
    tui.type('clear');
    tui.keys('Enter');
    await tui.waitFor((x) => x.includes('no filter'), 'the filter cleared');
  });

  it('pauses ingest with = and shows what was written meanwhile on resume', async () => {
    tui.keys('=');
    await tui.waitFor((x) => x.includes('paused'), 'paused');
    fs.appendFileSync(path.join(logs, 'ctl1/nova-api.log'), line('09:50:03.000', 2101, 'INFO', 'nova.api.openstack.wsgi', REQ, 'written while paused'));
    await new Promise((r) => setTimeout(r, 700));
    expect(tui.screen()).not.toContain('written while paused');
    tui.keys('=');
    await tui.waitFor((x) => x.includes('written while paused'), 'the line after resuming');
  });

  it('shows the key help with ? and saves the view with Ctrl+S', async () => {
    tui.keys('?');
    const help = await tui.waitFor((x) => x.includes('next / previous error'), 'the help screen');
    expect(help).toContain('Ctrl+S');
    tui.keys('?');
    // The status line ('row …') shows under the help too: wait for the help to be gone, or
    // Ctrl+S reaches the help screen, which does not save.
    await tui.waitFor((x) => x.includes('row ') && !x.includes('next / previous error'), 'the log view');
    tui.keys('C-s');
    const msg = await tui.waitFor((x) => /saved \d+ record/.test(x), 'the save message');
    const file = fs.readdirSync(saves).find((n) => n.endsWith('.log'));
    expect(file, msg).toBeDefined();
    const text = fs.readFileSync(path.join(saves, file!), 'utf8');
    for (const want of ['injected failure for the test', 'first line after the rename rotation', 'first line after copytruncate', 'written while paused', 'Instance failed to spawn']) {
      expect(text.split(want).length - 1, want).toBe(1);
    }
  });

  it('quits with q', async () => {
    tui.keys('q');
    const end = Date.now() + 5000;
    while (!tui.dead() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(tui.dead()).toBe(true);
  });
});
