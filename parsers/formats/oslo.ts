// oslo.log's default `logging_context_format_string`:
//   `%(asctime)s.%(msecs)03d %(process)d %(levelname)s %(name)s [%(request_id)s …] %(instance)s%(message)s`
// The header is cut with a moo lexer; what follows the logger (context, instance, message)
// is left to line-parser.ts, which is shared with the journald format.

import moo from 'moo';
import type { LogFormat, HeaderFields } from './format-types.js';
import { LEVEL_BY_NAME } from '../levels.js';
import { isoDateTimeMs } from '../timestamps.js';

const headerLexer = moo.compile({
  date: /\d{4}-\d\d-\d\d/,
  time: /\d\d:\d\d:\d\d(?:[.,]\d+)?/,
  sp: / +/,
  num: /\d+/,
  word: /[A-Za-z_][\w.\-]*/,
  other: { match: /[^]/, lineBreaks: true },
});

function isDigit(c: number): boolean { return c >= 48 && c <= 57; }

function strictHeader(line: string): HeaderFields | null {
  headerLexer.reset(line);
  const date = headerLexer.next();
  if (!date || date.type !== 'date' || headerLexer.next()?.type !== 'sp') return null;
  const time = headerLexer.next();
  if (!time || time.type !== 'time' || headerLexer.next()?.type !== 'sp') return null;
  // devstack's format strings (Icehouse–Ocata CI logs) print no pid: the level follows the time.
  const pidOrLevel = headerLexer.next();
  if (!pidOrLevel) return null;
  const noPid = pidOrLevel.type === 'word' && LEVEL_BY_NAME[pidOrLevel.value] !== undefined;
  if (!noPid && (pidOrLevel.type !== 'num' || headerLexer.next()?.type !== 'sp')) return null;
  const pid = noPid ? null : pidOrLevel;
  const lvl = noPid ? pidOrLevel : headerLexer.next();
  const level = lvl && lvl.type === 'word' ? LEVEL_BY_NAME[lvl.value] : undefined;
  if (!level || headerLexer.next()?.type !== 'sp') return null;
  const logger = headerLexer.next();
  if (!logger || logger.type !== 'word') return null;
  const after = headerLexer.next();
  const bodyStart = after === undefined ? line.length : after.type === 'sp' ? after.offset + 1 : -1;
  if (bodyStart < 0) return null;
  return {
    ts: isoDateTimeMs(line, 0, time.offset, time.offset + time.text.length),
    tsText: line.slice(0, time.offset + time.text.length),
    pid: pid ? Number(pid.value) : 0, level, logger: logger.value, host: null, program: null, bodyStart,
  };
}

const LENIENT = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:[.,]\d+)?) (\S+) ([A-Z]+) (\S+)(?: |$)/;

/**
 * A header the lexer refused because a field holds bytes it does not expect (invalid UTF-8 in
 * the logger, a mangled pid): cut it by spaces instead, so the record keeps its time, level and
 * request context rather than becoming an unparsed line.
 */
function lenientHeader(line: string): HeaderFields | null {
  const m = LENIENT.exec(line.length > 512 ? line.slice(0, 512) : line);
  const level = m ? LEVEL_BY_NAME[m[3]] : undefined;
  if (!m || !level) return null;
  const timeStart = 11;
  return {
    ts: isoDateTimeMs(line, 0, timeStart, m[1].length), tsText: m[1],
    pid: /^\d+$/.test(m[2]) ? Number(m[2]) : 0, level, logger: m[4], host: null, program: null, bodyStart: m[0].length,
  };
}

export const osloFormat: LogFormat = {
  name: 'oslo.log',
  mayStart(line) {
    // "2026-11-23 10:15:02": positions of '-', ' ', ':' are fixed.
    return line.length >= 19 && isDigit(line.charCodeAt(0)) && line.charCodeAt(4) === 45 && line.charCodeAt(7) === 45
      && line.charCodeAt(10) === 32 && line.charCodeAt(13) === 58 && line.charCodeAt(16) === 58;
  },
  parseHeader(line): HeaderFields | null {
    return strictHeader(line) ?? lenientHeader(line);
  },
  samples: [
    {
      line: '2015-10-01 12:34:56.789 INFO nova.compute.manager [req-3b6c2a10-4d5e-4f6a-8b7c-9d0e1f2a3b4c tempest-ServersTestJSON-1686587233 tempest-ServersTestJSON-1686587233] [instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] Starting instance...',
      expect: { tsText: '2015-10-01 12:34:56.789', pid: 0, level: 'INFO', logger: 'nova.compute.manager', requestId: 'req-3b6c2a10-4d5e-4f6a-8b7c-9d0e1f2a3b4c', instance: '96abccce-8d1f-4e07-b6d1-4b2ab87e23b4', message: 'Starting instance...' },
    },
    {
      line: '2026-11-23 10:15:02.118 4121 INFO nova.compute.manager [req-2f6c1e2a-7f0a-4a51-9d55-0d1b6f0e7a10 u-admin p-admin - - -] [instance: 5b0c3f8e-2a4d-4c1b-9f7e-3c2d1a0b9e8f] Took 0.41 seconds to spawn the instance on the hypervisor.',
      expect: { tsText: '2026-11-23 10:15:02.118', pid: 4121, level: 'INFO', logger: 'nova.compute.manager', requestId: 'req-2f6c1e2a-7f0a-4a51-9d55-0d1b6f0e7a10', instance: '5b0c3f8e-2a4d-4c1b-9f7e-3c2d1a0b9e8f', message: 'Took 0.41 seconds to spawn the instance on the hypervisor.' },
    },
    {
      line: '2015-10-20 09:10:57.153 28139 TRACE oslo.messaging._drivers.impl_rabbit Traceback (most recent call last):',
      expect: { pid: 28139, level: 'TRACE', logger: 'oslo.messaging._drivers.impl_rabbit', requestId: null, message: 'Traceback (most recent call last):' },
    },
    {
      line: '2015-11-12 13:16:39.398 18756 INFO nova.virt.libvirt.driver [-] [instance: f730a1bc-5972-48ab-9ca2-e9f178ca97f0] Instance spawned successfully.',
      expect: { requestId: null, instance: 'f730a1bc-5972-48ab-9ca2-e9f178ca97f0', message: 'Instance spawned successfully.' },
    },
  ],
};
