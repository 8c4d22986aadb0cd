// A compute log over 8 MiB whose clock steps back an hour (a DST fall-back, an NTP step): the
// time-bounded search must not skip the request — the file is searched whole and the trace says so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import { realLogDir } from '../helpers/real-logs.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-steps-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const KILO = realLogDir('rdo-kilo-boots');
const ID = 'req-22a1feae-f615-4021-8440-5efbcd223941';
const pad = (n: number) => String(n).padStart(2, '0');
const stamp = (ms: number) => { const d = new Date(ms); return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`; };

it('traces through a clock that steps back an hour in a big file', async () => {
  for (const f of ['nova-api.log', 'nova-scheduler.log', 'nova-conductor.log']) {
    fs.mkdirSync(path.join(tmp, 'controller1'), { recursive: true });
    fs.copyFileSync(path.join(KILO, 'controller1', f), path.join(tmp, 'controller1', f));
  }
  // networker2's compute log: 10 MiB of periodic lines stamped an hour AFTER the boot (the
  // clock ran ahead, then was stepped back), then the real lines of the boot.
  const boot = fs.readFileSync(path.join(KILO, 'networker2/nova-compute.log'), 'utf8');
  const start = Date.parse('2015-11-12T14:00:00Z');
  const filler: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 10 << 20; i++) {
    const l = `${stamp(start + i * 40)} 18756 DEBUG oslo_service.periodic_task [req-0b0b0b0b-1111-4222-8333-444444444444 - - - - -] Running periodic task ComputeManager._poll_unconfirmed_resizes run_periodic_tasks /usr/lib/python2.7/site-packages/oslo_service/periodic_task.py:213`;
    filler.push(l);
    bytes += l.length + 1;
  }
  fs.mkdirSync(path.join(tmp, 'networker2'), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'networker2/nova-compute.log'), filler.join('\n') + '\n' + boot);

  const t = (await traceRequest([tmp], ID)).trace!;
  const original = (await traceRequest([KILO], ID)).trace!;
  expect(t.verdict.status).toBe('ACTIVE');
  expect(t.hosts).toEqual(['networker2']);
  expect(t.records.length).toBe(original.records.length);
  expect(t.warnings.some((w) => /the clock in networker2\/nova-compute\.log steps back .* searched whole/.test(w))).toBe(true);
});
