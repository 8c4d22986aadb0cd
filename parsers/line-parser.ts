// One line of text → a record (or null when the line cannot start one and so continues the
// record above it). The header is cut by the format; the body — context bracket, optional
// `[instance: uuid]`, message and the DEBUG `func path:lineno` suffix — is the same for every
// format, so it is cut here, with plain index arithmetic on the already-split body.

import type { LogFormat } from './formats/format-types.js';
import type { LogRecord } from './record.js';
import { NO_CONTEXT } from './record.js';
import { parseContext } from './context.js';
import { journalEntry, mayBeJournalJson, type JournalEntry } from './formats/journald-json.js';
import { mayBeOsloJson, osloJsonEntry } from './formats/oslo-json.js';
import { WRAPPERS } from './formats/container-wrappers.js';

export interface ParsedLine extends LogRecord {
  /** Program named by the line (journald tag) or by a file-name prefix, for service detection. */
  program: string | null;
  /** Whether a context bracket was present (`[-]` counts); traceback lines have none. */
  hasContext: boolean;
}

const INSTANCE_OPEN = '[instance: ';

/** Strip a `file-name ` / `file-name:` / `file:lineno:` prefix as grep -H or loghub leave it. */
function splitFilePrefix(line: string, formats: readonly LogFormat[]): [string, string] | null {
  const dot = line.indexOf('.log');
  if (dot <= 0 || dot > 200) return null;
  for (let i = dot + 4; i < line.length && i < dot + 64; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 58) continue;
    let rest = line.slice(i + 1);
    const lineNo = /^\d+:/.exec(rest);
    if (lineNo && !formats.some((f) => f.mayStart(rest))) rest = rest.slice(lineNo[0].length);
    if (formats.some((f) => f.mayStart(rest))) return [line.slice(0, i), rest];
    if (c === 32) return null;
  }
  return null;
}

/**
 * Where ` <func> <path>:<lineno>` (DEBUG lines) starts at the end of `m`, or −1. By hand: the
 * regex / (\S+) (\/\S+:\d+)$/ backtracks at every space of a long message and was 10 % of the
 * live view's history load (CPU profile).
 */
function debugSuffixAt(m: string): number {
  const last = m.lastIndexOf(' ');
  if (last <= 0 || m.charCodeAt(last + 1) !== 47 /* / */) return -1;
  const colon = m.lastIndexOf(':');
  if (colon <= last + 2 || colon === m.length - 1) return -1;
  for (let i = colon + 1; i < m.length; i++) { const c = m.charCodeAt(i); if (c < 48 || c > 57) return -1; }
  const prev = m.lastIndexOf(' ', last - 1);
  return prev >= 0 && prev < last - 1 ? prev : -1;
}
const DEVSTACK_SUFFIX = / \{\{\(pid=\d+\) (\S+) (\S+:\d+)\}\}$/;
/** devstack's DEBUG suffix before Newton: ` from (pid=1234) func /path/file.py:123`, the only place its lines name the pid. */
const OLD_DEVSTACK_SUFFIX = / from \(pid=(\d+)\) (\S+) (\S+:\d+)$/;

export function unparsedLine(line: string): ParsedLine {
  return {
    kind: 'unparsed', source: -1, line: 0, offset: 0, ts: NaN, tsText: '', pid: 0, level: null, logger: '',
    context: NO_CONTEXT, instance: null, message: line, debugFunc: null, debugLocation: null, continuation: [],
    host: null, raw: line, program: null, hasContext: false,
  };
}

/**
 * Parse a line (already without its line break). Returns null when no format could start a
 * record with it (a continuation line), an `unparsed` record when a format's cheap check
 * matched but the header did not fit (a torn or foreign line), or the record.
 */
const ANSI_COLOR = /\x1b\[[0-9;]*m/g;

export function parseLine(text: string, refYear: number, formats: readonly LogFormat[]): ParsedLine | null {
  // NUL bytes before a line (a file truncated under a writer, a crash) hide nothing after them.
  if (text.charCodeAt(0) === 0) {
    const p = parseLine(text.replace(/^\0+/, ''), refYear, formats);
    if (p) p.raw = text;
    return p;
  }
  for (const w of WRAPPERS) {
    if (!w.mayWrap(text)) continue;
    const inner = w.unwrap(text, (l) => formats.some((f) => f.mayStart(l)));
    if (inner === null) continue;
    const p = parseLine(inner, refYear, formats);
    if (p) {
      p.raw = text;
      const o = p.kind === 'record' && w.origin ? w.origin(text) : null;
      if (o) { p.host ??= o.host; p.program ??= o.program; }
    }
    return p;
  }
  if (mayBeOsloJson(text)) return parseJsonEntry(osloJsonEntry(text), text, refYear, formats);
  if (mayBeJournalJson(text)) return parseJsonEntry(journalEntry(text), text, refYear, formats);
  // devstack's colourised format strings put ANSI colour codes around the level and context.
  if (text.includes('\x1b[')) {
    const p = parseLine(text.replace(ANSI_COLOR, ''), refYear, formats);
    if (p) p.raw = text;
    return p;
  }
  let line = text;
  let prefix: string | null = null;
  let format = formats.find((f) => f.mayStart(line));
  if (!format) {
    const split = splitFilePrefix(line, formats);
    if (!split) return null;
    [prefix, line] = split;
    format = formats.find((f) => f.mayStart(line))!;
  }
  const h = format.parseHeader(line, refYear);
  if (!h) return unparsedLine(text);

  let i = h.bodyStart;
  let context = NO_CONTEXT;
  let hasContext = false;
  if (line.charCodeAt(i) === 91 /* [ */ && !line.startsWith(INSTANCE_OPEN, i)) {
    const close = line.indexOf(']', i);
    const parsed = close > 0 ? parseContext(line.slice(i + 1, close)) : null;
    if (parsed) {
      context = parsed;
      hasContext = true;
      i = close + 1;
      if (line.charCodeAt(i) === 32) i++;
    }
  }
  let instance: string | null = null;
  if (line.startsWith(INSTANCE_OPEN, i)) {
    const close = line.indexOf(']', i);
    if (close > 0) {
      instance = line.slice(i + INSTANCE_OPEN.length, close);
      i = close + 1;
      if (line.charCodeAt(i) === 32) i++;
    }
  }
  let message = i === 0 ? line : line.slice(i);
  let debugFunc: string | null = null;
  let debugLocation: string | null = null;
  let pid = h.pid;
  const old = h.level === 'DEBUG' && message.includes(' from (pid=') ? OLD_DEVSTACK_SUFFIX.exec(message) : null;
  if (old) {
    if (pid === 0) pid = Number(old[1]);
    debugFunc = old[2];
    debugLocation = old[3];
    message = message.slice(0, old.index);
  } else if (h.level === 'DEBUG') {
    const m = message.endsWith('}}') ? DEVSTACK_SUFFIX.exec(message) : null;
    if (m) {
      debugFunc = m[1];
      debugLocation = m[2];
      message = message.slice(0, m.index);
    } else {
      const cut = debugSuffixAt(message);
      if (cut >= 0) {
        const sp = message.indexOf(' ', cut + 1);
        debugFunc = message.slice(cut + 1, sp);
        debugLocation = message.slice(sp + 1);
        message = message.slice(0, cut);
      }
    }
  } else if (message.endsWith('}}')) {
    const m = DEVSTACK_SUFFIX.exec(message);
    if (m) message = message.slice(0, m.index);
  }
  return {
    kind: 'record', source: -1, line: 0, offset: 0, ts: h.ts, tsText: h.tsText, pid, level: h.level,
    logger: h.logger, context, instance, message, debugFunc, debugLocation, continuation: [], host: h.host,
    raw: text, program: h.program ?? prefix, hasContext,
  };
}

/** A JSON record (`journalctl -o json`, oslo.log's JSONFormatter): parsed as the oslo line it stands for, with its host, program and traceback. */
function parseJsonEntry(e: JournalEntry | null, text: string, refYear: number, formats: readonly LogFormat[]): ParsedLine {
  const p = e ? parseLine(e.line, refYear, formats) : null;
  if (!e || !p || p.kind !== 'record') return unparsedLine(text);
  p.host = e.host ?? p.host;
  p.program = e.program ?? p.program;
  p.continuation.push(...e.traceback);
  return p;
}
