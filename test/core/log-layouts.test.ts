// The same real logs in the layouts operators hand over: devstack/OpenStack CI names
// (`screen-n-cpu.txt`, `.txt.gz`, a shell trace at the top), kolla's tree, sosreports (host in
// the folder name), and `journalctl -o json` exports (oslo.log's journal fields). Each must give
// the trace the original files give; a file that is not a log is named in a note.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import type { Trace } from '../../core/trace/trace-types.js';
import { realLogDir } from '../helpers/real-logs.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-layouts-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const T57 = realLogDir('fi-pike-nova-t57');
const FAILED = 'req-c45dffa8-4409-4294-bffa-67d21cefec5c';
const KILO = realLogDir('rdo-kilo-boots');
const KILO_BOOT = 'req-22a1feae-f615-4021-8440-5efbcd223941';
const SHELL_TRACE = Array.from({ length: 120 }, (_, i) => `+ functions-common:is_service_enabled:${2000 + i} :   return 0`).join('\n') + '\n';

function put(rel: string, data: string | Buffer): void {
  const f = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, data);
}
const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f));

function essentials(t: Trace) {
  return { status: t.verdict.status, signature: t.verdict.signature, cause: t.verdict.cause?.id ?? null, failed: t.verdict.failed_stage, hosts: t.hosts };
}

describe('logs found by content, whatever they are called', () => {
  it('devstack/CI names: screen-n-cpu.txt(.gz), screen-n-api.txt, n-sch.log, a shell trace at the top', async () => {
    const dir = 'devstack/logs';
    put(`${dir}/screen-n-api.txt`, Buffer.concat([Buffer.from(SHELL_TRACE), read(T57, 'nova-api.log.1'), read(T57, 'nova-api.log')]));
    put(`${dir}/screen-n-cpu.txt.gz`, zlib.gzipSync(read(T57, 'nova-compute.log.1')));
    put(`${dir}/screen-n-cpu.txt`, read(T57, 'nova-compute.log'));
    put(`${dir}/n-sch.log`, Buffer.concat([read(T57, 'nova-scheduler.log.1'), read(T57, 'nova-scheduler.log')]));
    put(`${dir}/screen-n-cond.txt`, Buffer.concat([read(T57, 'nova-conductor.log.1'), read(T57, 'nova-conductor.log')]));
    put(`${dir}/screen-placement-api.txt`, read(T57, 'nova-placement-api.log.1'));
    put(`${dir}/devstacklog.txt`, SHELL_TRACE);
    const { trace, sources, skipped } = await traceRequest([path.join(tmp, 'devstack')], FAILED);
    const original = (await traceRequest([T57], FAILED)).trace!;
    expect(essentials(trace!)).toEqual(essentials(original));
    expect(essentials(trace!)).toMatchObject({ status: 'ERROR', cause: 'vif-plug-timeout', hosts: ['localhost.localdomain'] });
    expect(Object.fromEntries(sources.map((s) => [path.basename(s.path), s.service]))).toMatchObject({
      'screen-n-api.txt': 'api', 'screen-n-cpu.txt': 'compute', 'screen-n-cpu.txt.gz': 'compute', 'n-sch.log': 'scheduler',
      'screen-n-cond.txt': 'conductor', 'screen-placement-api.txt': 'placement',
    });
    expect(skipped.map((s) => path.basename(s.path))).toEqual(['devstacklog.txt']);
    expect(trace!.warnings.some((w) => /skipped 1 file\(s\).*devstacklog\.txt/.test(w))).toBe(true);
  });

  it("devstack's screen logs before Pike: no pid in the header, the DEBUG suffix 'from (pid=N) …', colour codes", async () => {
    const HEADER = /^(\S+ \S+) (\d+) (\w+) (\S+) (.*?)(?: (\S+) (\/\S+:\d+))?$/;
    const toScreen = (file: string) => fs.readFileSync(file, 'utf8').split('\n').map((l) => {
      const m = HEADER.exec(l);
      if (!m) return l;
      const [, ts, pid, level, logger, body, func, loc] = m;
      const colored = `\x1b[00;36m${level} ${logger}\x1b[00m`;
      return level === 'DEBUG' && func ? `${ts} ${colored} ${body} from (pid=${pid}) ${func} ${loc}` : `${ts} ${colored} ${[body, func, loc].filter(Boolean).join(' ')}`;
    }).join('\n');
    const dir = 'screen/logs';
    put(`${dir}/screen-n-api.txt`, toScreen(path.join(T57, 'nova-api.log.1')) + toScreen(path.join(T57, 'nova-api.log')));
    put(`${dir}/screen-n-cpu.txt`, toScreen(path.join(T57, 'nova-compute.log.1')) + toScreen(path.join(T57, 'nova-compute.log')));
    put(`${dir}/screen-n-sch.txt`, toScreen(path.join(T57, 'nova-scheduler.log.1')) + toScreen(path.join(T57, 'nova-scheduler.log')));
    put(`${dir}/screen-n-cond.txt`, toScreen(path.join(T57, 'nova-conductor.log.1')) + toScreen(path.join(T57, 'nova-conductor.log')));
    const { trace } = await traceRequest([path.join(tmp, 'screen')], FAILED);
    expect(essentials(trace!)).toMatchObject({ status: 'ERROR', cause: 'vif-plug-timeout', hosts: ['localhost.localdomain'] });
    expect(trace!.unparsed).toEqual([]);
    const ok = (await traceRequest([path.join(tmp, 'screen')], 'req-6717ff8f-4b3f-48d5-b83c-ef37dfa0a637')).trace!;
    expect(ok.verdict.status).toBe('ACTIVE');
  });

  it('a file named for nothing: the service comes from the loggers inside', async () => {
    put('anon/controller-output', Buffer.concat([read(T57, 'nova-api.log.1'), read(T57, 'nova-api.log')]));
    put('anon/worker-a', Buffer.concat([read(T57, 'nova-compute.log.1'), read(T57, 'nova-compute.log')]));
    put('anon/worker-b', Buffer.concat([read(T57, 'nova-scheduler.log.1'), read(T57, 'nova-scheduler.log')]));
    const { trace, sources } = await traceRequest([path.join(tmp, 'anon')], FAILED);
    expect(Object.fromEntries(sources.map((s) => [path.basename(s.path), s.service]))).toEqual({ 'controller-output': 'api', 'worker-a': 'compute', 'worker-b': 'scheduler' });
    expect(essentials(trace!)).toMatchObject({ status: 'ERROR', cause: 'vif-plug-timeout', hosts: ['localhost.localdomain'] });
  });

  it("kolla's tree and sosreports: host from the sosreport folder", async () => {
    put('collected/sosreport-controller1-01234567-2015-11-12-abcdef/var/log/nova/nova-api.log', read(KILO, 'controller1/nova-api.log'));
    put('collected/sosreport-controller1-01234567-2015-11-12-abcdef/var/log/nova/nova-scheduler.log', read(KILO, 'controller1/nova-scheduler.log'));
    put('collected/sosreport-controller1-01234567-2015-11-12-abcdef/var/log/nova/nova-conductor.log', read(KILO, 'controller1/nova-conductor.log'));
    put('collected/sosreport-networker2-2015-11-12-qwerty/var/log/kolla/nova/nova-compute.log', read(KILO, 'networker2/nova-compute.log'));
    const { trace } = await traceRequest([path.join(tmp, 'collected')], KILO_BOOT);
    expect(trace!.verdict.status).toBe('ACTIVE');
    expect(trace!.hosts).toEqual(['networker2']);
    expect(trace!.records.find((r) => r.service === 'api')?.host).toBe('controller1');
  });
});

describe('journalctl -o short-iso-precise', () => {
  it('traces a Kilo boot from per-host journal dumps with ISO timestamps', async () => {
    const HEADER = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) (\d+) (.*)$/;
    const toIso = (file: string, host: string, program: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)
      .map((l) => { const m = HEADER.exec(l); return m ? `${m[1]}T${m[2]}000+00:00 ${host} ${program}[${m[3]}]: ${m[4]}` : l; }).join('\n') + '\n';
    put('iso/controller1.log', toIso(path.join(KILO, 'controller1/nova-api.log'), 'controller1', 'nova-api') + toIso(path.join(KILO, 'controller1/nova-scheduler.log'), 'controller1', 'nova-scheduler'));
    put('iso/networker2.log', toIso(path.join(KILO, 'networker2/nova-compute.log'), 'networker2', 'nova-compute'));
    const t = (await traceRequest([path.join(tmp, 'iso')], KILO_BOOT)).trace!;
    expect(t.verdict.status).toBe('ACTIVE');
    expect(t.hosts).toEqual(['networker2']);
  });
});

describe('journalctl -o json exports (OpenStack-Ansible hosts log only to journald)', () => {
  const HEADER = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) (\d+) (\w+) (\S+) (?:\[([^\]]*)\] )?(.*)$/;
  /** One entry per record, as oslo.log's journal handler writes it: the bare message plus fields. */
  function toJsonExport(file: string, host: string, program: string): string[] {
    const out: Record<string, unknown>[] = [];
    for (const l of fs.readFileSync(file, 'utf8').split('\n')) {
      const m = HEADER.exec(l);
      if (!m) { if (out.length && l) (out[out.length - 1] as { MESSAGE: string }).MESSAGE += `\n${l}`; continue; }
      const [, ts, pid, level, logger, ctx, msg] = m;
      const tb = out[out.length - 1];
      if (!ctx && (level === 'ERROR' || level === 'TRACE') && tb && tb._PID === pid) { tb.EXCEPTION_TEXT = `${tb.EXCEPTION_TEXT ?? ''}${msg.replace(/^\[instance: [^\]]+\] /, '')}\n`; continue; }
      const c = (ctx ?? '').split(' ');
      out.push({
        __REALTIME_TIMESTAMP: String(Date.parse(ts.replace(' ', 'T') + 'Z') * 1000), _HOSTNAME: host, SYSLOG_IDENTIFIER: program, _PID: pid,
        PRIORITY: level === 'ERROR' ? '3' : level === 'WARNING' ? '4' : level === 'DEBUG' ? '7' : '6',
        LOGGER_NAME: logger, LOGGER_LEVEL: level, MESSAGE: msg,
        ...(c[0]?.startsWith('req-') ? { REQUEST_ID: c[0], USER_ID: c[1], PROJECT_ID: c[2] } : {}),
      });
    }
    return out.map((o) => JSON.stringify(o));
  }

  it('traces a Kilo boot from per-host JSON exports with the same verdict, hosts and records', async () => {
    put('osa/controller1.json', [
      ...toJsonExport(path.join(KILO, 'controller1/nova-api.log'), 'controller1', 'nova-api'),
      ...toJsonExport(path.join(KILO, 'controller1/nova-scheduler.log'), 'controller1', 'nova-scheduler'),
      ...toJsonExport(path.join(KILO, 'controller1/nova-conductor.log'), 'controller1', 'nova-conductor'),
    ].join('\n') + '\n');
    put('osa/networker2.json', toJsonExport(path.join(KILO, 'networker2/nova-compute.log'), 'networker2', 'nova-compute').join('\n') + '\n');
    const fromJson = (await traceRequest([path.join(tmp, 'osa')], KILO_BOOT)).trace!;
    const original = (await traceRequest([KILO], KILO_BOOT)).trace!;
    expect(essentials(fromJson)).toEqual(essentials(original));
    expect(fromJson.hosts).toEqual(['networker2']);
    expect(fromJson.records.map((r) => `${r.service}|${r.message.split('\n')[0]}`).sort())
      .toEqual(original.records.map((r) => `${r.service}|${r.message}`).sort());
  });
});
