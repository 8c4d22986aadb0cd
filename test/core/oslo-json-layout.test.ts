// Logs written by oslo.log's JSONFormatter (one object per record, for log shippers): real
// logs turned into what the formatter writes — the record's fields, the traceback folded into
// `traceback`, the context's logging values, Nova's `instance=` keyword as `extra.instance` —
// must give the trace the text logs give.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../parsers/formats/index.js';
import { parseLine } from '../../parsers/line-parser.js';
import { traceRequest } from '../../core/trace/trace-request.js';
import { buildIndex } from '../../core/index/index-build.js';
import type { Trace } from '../../core/trace/trace-types.js';
import { realLogDir } from '../helpers/real-logs.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-oslo-json-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const T57 = realLogDir('fi-pike-nova-t57');
const FAILED = 'req-c45dffa8-4409-4294-bffa-67d21cefec5c';
const KILO = realLogDir('rdo-kilo-boots');
const KILO_BOOT = 'req-22a1feae-f615-4021-8440-5efbcd223941';

/** The file as JSONFormatter would have written it (Python 3's json.dumps, insertion order). */
function toOsloJson(file: string, hostname: string): string {
  const out: Record<string, unknown>[] = [];
  for (const l of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!l) continue;
    const p = parseLine(l, 2017, FORMATS);
    const last = out[out.length - 1];
    if (!p || p.kind !== 'record') {
      if (last) last.message += `\n${l}`;
      continue;
    }
    if (!p.hasContext && (p.level === 'ERROR' || p.level === 'TRACE') && last && last.process === p.pid && last.name === p.logger) {
      last.traceback = `${last.traceback ?? ''}${p.message}\n`;
      continue;
    }
    const [date, time] = p.tsText.split(' ');
    const c = p.context;
    out.push({
      message: p.message, asctime: `${date} ${time.replace('.', ',')}`, name: p.logger, msg: p.message, args: [], levelname: p.level,
      created: Date.parse(`${date}T${time}Z`) / 1000, msecs: Number(time.split('.')[1]), process: p.pid, traceback: null, hostname,
      context: c.requestId ? { request_id: c.requestId, ...(c.globalRequestId ? { global_request_id: c.globalRequestId } : {}), user: c.user, project_id: c.project, user_identity: `${c.user ?? '-'} ${c.project ?? '-'} - - -` } : {},
      extra: p.instance ? { instance: { uuid: p.instance, vm_state: 'building' }, project: 'nova' } : { project: 'nova' },
    });
  }
  return out.map((o) => JSON.stringify(o).replace(/","/g, '", "').replace(/":/g, '": ')).join('\n') + '\n';
}

function put(rel: string, data: string): void {
  const f = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, data);
}

function essentials(t: Trace) {
  return { status: t.verdict.status, signature: t.verdict.signature, cause: t.verdict.cause?.id ?? null, failed: t.verdict.failed_stage, root: t.verdict.root_cause?.exception ?? null, stages: t.stages.map((s) => `${s.stage}|${s.status}`) };
}

describe("oslo.log's JSONFormatter", () => {
  it('a failed Pike boot (vif-plug timeout, tracebacks in `traceback`): same verdict, cause, root cause and stages', async () => {
    for (const f of fs.readdirSync(T57).filter((n) => n.startsWith('nova-'))) put(`pike/${f}`, toOsloJson(path.join(T57, f), 'localhost.localdomain'));
    const original = (await traceRequest([T57], FAILED)).trace!;
    const { trace, sources } = await traceRequest([path.join(tmp, 'pike')], FAILED);
    expect(essentials(trace!)).toEqual(essentials(original));
    expect(essentials(trace!)).toMatchObject({ status: 'ERROR', cause: 'vif-plug-timeout' });
    expect(trace!.hosts).toEqual(['localhost.localdomain']);
    expect(sources.every((s) => s.host === 'localhost.localdomain')).toBe(true);
    expect(fs.readFileSync(path.join(tmp, 'pike/nova-compute.log'), 'utf8')).toContain('"traceback": "Traceback (most recent call last):\\n');
    // The index reads the objects as the search does.
    const index = path.join(tmp, 'pike.sqlite');
    await buildIndex({ paths: [path.join(tmp, 'pike')], indexFile: index });
    const indexed = (await traceRequest([path.join(tmp, 'pike')], FAILED, { index })).trace!;
    expect(JSON.stringify(indexed)).toBe(JSON.stringify(trace));
  });

  it('a Kilo boot over several hosts, every host in one folder: hosts from `hostname`', async () => {
    for (const [host, file] of [['controller1', 'nova-api'], ['controller1', 'nova-scheduler'], ['controller1', 'nova-conductor'], ['networker2', 'nova-compute']]) {
      put(`kilo/${file}-${host === 'controller1' ? 'ctl' : 'cpu'}.json`, toOsloJson(path.join(KILO, host, `${file}.log`), host));
    }
    const original = (await traceRequest([KILO], KILO_BOOT)).trace!;
    const { trace } = await traceRequest([path.join(tmp, 'kilo')], KILO_BOOT);
    expect(essentials(trace!)).toEqual(essentials(original));
    expect(trace!.hosts).toEqual(['networker2']);
    expect(trace!.records.map((r) => r.message.split('\n')[0]).sort()).toEqual(original.records.map((r) => r.message.split('\n')[0]).sort());
  });
});
