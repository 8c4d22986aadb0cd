// The live view's incidents pane as an operator uses it, under tmux: a log directory with a
// failed boot (samples/retries-exceeded), the failure count in the status line, a second
// failed boot written while the view runs (counted again), `!` opening the pane grouped by
// cause and host with times, cause, check and examples, Enter on a group opening its
// request's trace, Esc coming back, `?` listing the key. The index lives in the test's dir.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../../helpers/run-cli.js';
import { addNoValidHost, copyRetriesExceeded, NO_VALID_HOST_QUERY, RETRIES_QUERY } from '../failed-boot-logs.js';
import { TmuxSession } from './tmux-session.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

describe.skipIf(!hasTmux && !process.env.CI)('nova-trace tail: the incidents pane under tmux', () => {
  let dir: string;
  let logs: string;
  let tui: TmuxSession;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-incidents-tmux-'));
    logs = path.join(dir, 'log');
    copyRetriesExceeded(logs);
    tui = new TmuxSession([process.execPath, BIN.trace, 'tail', '--log-dir', logs, '--index', path.join(dir, 'index.sqlite')], { cols: 150, rows: 40 }, { NOVA_LAB_DIR: path.join(dir, 'no-lab') });
  });

  afterAll(() => {
    tui?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts the failed boot in the status line', async () => {
    const s = await tui.waitFor((x) => x.includes('1 failed boot (!)'), 'the failure count', 20_000);
    expect(s).toMatch(/following/);
  });

  it('counts again when another failed boot is written', async () => {
    addNoValidHost(logs);
    await tui.waitFor((x) => x.includes('2 failed boots (!)'), 'the new count', 30_000);
  });

  it('opens the pane with ! : groups by cause and host, with times, cause, check and examples', async () => {
    tui.keys('!');
    const s = await tui.waitFor((x) => x.includes('incidents  2 failed or stuck in 2 group(s) of'), 'the incidents pane');
    expect(s).toMatch(/window: the last 1 h of the logs, 2026-11-26 13:09:11 → 14:09:11/);
    // Ranked by count, then by cause; the selection stayed on the group it was on before the recount.
    expect(s).toMatch(/^ +1 × hosts-full +14:02:14 → 14:02:14 +1 ERROR +at scheduler\.select_destinations\n(.*\n){3,7}^▶ +1 × hypervisor-permission on cmp2 +14:07:32 → 14:07:32 +1 ERROR +at compute\.spawn/m);
    expect(s).toMatch(/cause: qemu could not open \/dev\/kvm/);
    expect(s).toMatch(/check: on the host: 'ls -l \/dev\/kvm'/);
    expect(s).toContain(`e.g. ${NO_VALID_HOST_QUERY}`);
    expect(s).toContain(`e.g. ${RETRIES_QUERY}`);
  });

  it("opens the trace of the selected group's request with Enter, and comes back with Esc", async () => {
    tui.keys('Enter');
    const t = await tui.waitFor((x) => x.includes(`trace ${RETRIES_QUERY}`) && x.includes('compute.spawn') && x.includes('hypervisor-permission'), 'the trace pane', 15_000);
    expect(t).toMatch(/cmp2/);
    tui.keys('Escape');
    await tui.waitFor((x) => x.includes('incidents  2 failed or stuck') && /^▶ +1 × hypervisor-permission/m.test(x), 'the incidents pane again');
    tui.keys('k');
    await tui.waitFor((x) => /^▶ +1 × hosts-full/m.test(x), 'the first group selected');
    tui.keys('Enter');
    await tui.waitFor((x) => x.includes(`trace ${NO_VALID_HOST_QUERY}`) && x.includes('scheduler.select_destinations'), 'the no-valid-host trace', 15_000);
    tui.keys('q');
    await tui.waitFor((x) => x.includes('incidents  2 failed or stuck'), 'the incidents pane after q');
    tui.keys('!');
    await tui.waitFor((x) => x.includes('row ') && !x.includes('incidents  2 failed'), 'the log view');
  });

  it('lists the key in the help and quits with q', async () => {
    tui.keys('?');
    const help = await tui.waitFor((x) => x.includes('next / previous error'), 'the help');
    expect(help).toMatch(/!\s+incidents: failed and stuck boots grouped by cause and/);
    tui.keys('?');
    // The status line shows under the help too: wait for the help to be gone, or q closes the help.
    await tui.waitFor((x) => x.includes('row ') && !x.includes('next / previous error'), 'the log view');
    tui.keys('q');
    const end = Date.now() + 5000;
    while (!tui.dead() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(tui.dead()).toBe(true);
  });
});
