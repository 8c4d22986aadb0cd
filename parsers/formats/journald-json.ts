// `journalctl -o json` exports: one JSON object per line. OpenStack-Ansible hosts log only to
// journald, through oslo.log's journal handler, which adds LOGGER_NAME, LOGGER_LEVEL,
// PRIORITY, REQUEST_ID, PROJECT_ID, USER_ID, CODE_* and, for a traceback, EXCEPTION_TEXT.
// MESSAGE is whatever oslo's formatter wrote: a whole oslo.log line, devstack's
// `LEVEL logger [context] message`, or the bare message. Each entry is turned into the oslo
// line it stands for, so one parser serves every layout; host, program and the traceback
// come from the entry's own fields.

import { LEVEL_BY_NAME } from '../levels.js';

export interface JournalEntry {
  /** The equivalent oslo.log line. */
  line: string;
  host: string | null;
  program: string | null;
  /** EXCEPTION_TEXT split into lines (the traceback), else empty. */
  traceback: string[];
}

/** syslog PRIORITY → level, for entries without LOGGER_LEVEL. */
const PRIORITY_LEVEL = ['CRITICAL', 'CRITICAL', 'CRITICAL', 'ERROR', 'WARNING', 'INFO', 'INFO', 'DEBUG'];
const OSLO_START = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/;
const LEVEL_START = /^(TRACE|DEBUG|INFO|AUDIT|WARNING|WARN|ERROR|CRITICAL|FATAL) (\S+) /;

export function mayBeJournalJson(line: string): boolean {
  return line.charCodeAt(0) === 123 /* { */ && line.includes('"MESSAGE"');
}

function field(o: Record<string, unknown>, k: string): string | null {
  const v = o[k];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  // journalctl writes fields that are not valid UTF-8 as arrays of bytes.
  if (Array.isArray(v) && v.every((b) => typeof b === 'number')) return Buffer.from(v as number[]).toString('utf8');
  return null;
}

function pad(n: number, w = 2): string { return String(n).padStart(w, '0'); }

/** µs since the epoch → `YYYY-MM-DD HH:MM:SS.mmm` (UTC: the other formats carry no zone either). */
export function isoFromMicros(us: string): string | null {
  const ms = Number(us.length > 3 ? us.slice(0, -3) : '0');
  if (!Number.isFinite(ms) || ms <= 0) return null;
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

export function journalEntry(text: string): JournalEntry | null {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (o === null || typeof o !== 'object') return null;
  const message = field(o, 'MESSAGE');
  if (message === null) return null;
  const first = message.split('\n', 1)[0];
  const rest = message.length > first.length ? message.slice(first.length + 1).split('\n') : [];
  const exception = field(o, 'EXCEPTION_TEXT');
  const traceback = [...rest, ...(exception ? exception.replace(/\n$/, '').split('\n') : [])];
  const host = field(o, '_HOSTNAME');
  const program = field(o, 'SYSLOG_IDENTIFIER') ?? field(o, '_COMM');
  if (OSLO_START.test(first)) return { line: first, host, program, traceback };

  const ts = isoFromMicros(field(o, '__REALTIME_TIMESTAMP') ?? field(o, '_SOURCE_REALTIME_TIMESTAMP') ?? '');
  if (!ts) return null;
  const pid = field(o, '_PID') ?? field(o, 'SYSLOG_PID') ?? '0';
  if (LEVEL_START.test(first)) return { line: `${ts} ${pid} ${first}`, host, program, traceback };

  const priority = Number(field(o, 'PRIORITY') ?? 6);
  const levelName = field(o, 'LOGGER_LEVEL') ?? PRIORITY_LEVEL[priority] ?? 'INFO';
  const level = LEVEL_BY_NAME[levelName] ?? 'INFO';
  const logger = field(o, 'LOGGER_NAME') ?? program ?? 'journal';
  const rid = field(o, 'REQUEST_ID');
  const ctx = rid ? `[${rid} ${field(o, 'USER_ID') ?? '-'} ${field(o, 'PROJECT_ID') ?? '-'} - - -] ` : '';
  return { line: `${ts} ${pid} ${level} ${logger} ${ctx}${first}`, host, program, traceback };
}
