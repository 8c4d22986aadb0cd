// oslo.log's JSONFormatter (`formatter_json`, for log shippers): one JSON object per record
// with the record's fields — `message` (formatted), `asctime`, `msecs`, `created`, `name`
// (the logger), `levelname`, `process`, `hostname`, `traceback` (text, a list in old
// releases), `context` (the request context's logging values: request_id, global_request_id,
// user_identity…) and `extra` (the logging call's keywords: `instance` — Nova's Instance as a
// dict of its fields — or `instance_uuid`). Each object is turned into the oslo.log line the
// text formatter would have written, so one parser serves both.

import type { JournalEntry } from './journald-json.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const ASCTIME = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?:[,.](\d{3}))?$/;

export function mayBeOsloJson(line: string): boolean {
  return line.charCodeAt(0) === 123 /* { */ && line.includes('"levelname"') && line.includes('"asctime"');
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : null);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function timeOf(o: Record<string, unknown>): string | null {
  const m = ASCTIME.exec(str(o.asctime) ?? '');
  if (m) return `${m[1]}.${m[2] ?? pad(Math.floor(Number(o.msecs ?? 0)), 3)}`;
  // Another date format: the record's creation time (UTC).
  const created = Number(o.created);
  if (!Number.isFinite(created) || created <= 0) return null;
  const d = new Date(Math.round(created * 1000));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

function contextOf(c: unknown): string {
  if (c === null || typeof c !== 'object') return '';
  const ctx = c as Record<string, unknown>;
  const rid = str(ctx.request_id);
  if (!rid) return '';
  const identity = str(ctx.user_identity)
    ?? [ctx.user_name ?? ctx.user ?? ctx.user_id, ctx.project_name ?? ctx.project_id ?? ctx.tenant].map((v) => str(v) ?? '-').join(' ') + ' - - -';
  // Only a context that has the field (Pike and later) writes the global id, `None` when unset.
  const global = 'global_request_id' in ctx ? `${str(ctx.global_request_id) ?? 'None'} ` : '';
  return `[${global}${rid} ${identity}] `;
}

function instanceOf(extra: unknown, ctx: unknown): string | null {
  const e = (extra && typeof extra === 'object' ? extra : {}) as Record<string, unknown>;
  const fromValue = (v: unknown): string | null => {
    if (typeof v === 'string') return UUID.exec(v)?.[0] ?? null;
    if (v && typeof v === 'object') return fromValue((v as Record<string, unknown>).uuid);
    return null;
  };
  return fromValue(e.instance) ?? fromValue(e.instance_uuid)
    ?? (ctx && typeof ctx === 'object' ? fromValue((ctx as Record<string, unknown>).instance_uuid) : null);
}

function tracebackOf(t: unknown): string[] {
  if (typeof t === 'string') return t.replace(/\n$/, '').split('\n').filter((l) => l.length > 0);
  if (Array.isArray(t)) return t.flatMap((x) => (typeof x === 'string' ? x.replace(/\n$/, '').split('\n') : [])).filter((l) => l.length > 0);
  return [];
}

export function osloJsonEntry(text: string): JournalEntry | null {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (o === null || typeof o !== 'object') return null;
  const message = str(o.message) ?? str(o.msg) ?? '';
  const ts = timeOf(o);
  const level = str(o.levelname);
  if (!ts || !level) return null;
  const first = message.split('\n', 1)[0];
  const rest = message.length > first.length ? message.slice(first.length + 1).split('\n') : [];
  const instance = instanceOf(o.extra, o.context);
  const line = `${ts} ${str(o.process) ?? '0'} ${level} ${str(o.name) ?? 'root'} ${contextOf(o.context)}${instance ? `[instance: ${instance}] ` : ''}${first}`;
  return { line, host: str(o.hostname), program: null, traceback: [...rest, ...tracebackOf(o.traceback)] };
}

/** Objects as the formatter writes them, and the line each stands for (checked in formats/index.ts). */
export const OSLO_JSON_SAMPLES: { line: string; expect: { tsText: string; level: string; logger: string; requestId: string; instance: string | null; host: string; message: string } }[] = [
  {
    line: '{"message": "Instance failed to spawn", "asctime": "2025-03-01 10:00:02,004", "name": "nova.compute.manager", "msg": "Instance failed to spawn", "args": [], "levelname": "ERROR", "levelno": 40, "pathname": "/usr/lib/python3/dist-packages/nova/compute/manager.py", "filename": "manager.py", "module": "manager", "lineno": 2875, "funcname": "_build_resources", "created": 1740823202.0041, "msecs": 4.1, "relative_created": 912.2, "thread": 140112, "thread_name": "MainThread", "process_name": "MainProcess", "process": 7, "traceback": "Traceback (most recent call last):\\n  File \\"/usr/lib/python3/dist-packages/nova/compute/manager.py\\", line 2872, in _build_resources\\n    yield resources\\nnova.exception.PortBindingFailed: Binding failed for port 6c1d", "hostname": "cmp1", "error_summary": "nova.exception.PortBindingFailed: Binding failed for port 6c1d", "context": {"user": "u1", "project_id": "p1", "request_id": "req-0d6f1e2a-7b3c-4d5e-8f90-a1b2c3d4e5f6", "global_request_id": null, "user_identity": "u1 p1 - default default"}, "extra": {"instance": {"uuid": "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b", "vm_state": "building"}, "project": "nova", "version": "31.0.0"}}',
    expect: { tsText: '2025-03-01 10:00:02.004', level: 'ERROR', logger: 'nova.compute.manager', requestId: 'req-0d6f1e2a-7b3c-4d5e-8f90-a1b2c3d4e5f6', instance: '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b', host: 'cmp1', message: 'Instance failed to spawn' },
  },
];
