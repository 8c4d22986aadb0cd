// Nova through journald/syslog (devstack, systemd hosts): `journalctl -o short` or
// `short-precise` lines, `Mon DD HH:MM:SS[.ffffff] host nova-compute[pid]: LEVEL logger …`.
// There is no year; the reader supplies one (from the file's modification time). devstack's
// uwsgi services log under their systemd unit's name: `devstack@n-api.service[10884]:`.

import moo from 'moo';
import type { LogFormat, HeaderFields } from './format-types.js';
import { LEVEL_BY_NAME } from '../levels.js';
import { isMonthName, syslogDateMs, timeOfDayMs } from '../timestamps.js';

const headerLexer = moo.compile({
  time: /\d\d:\d\d:\d\d(?:\.\d+)?/,
  sp: / +/,
  num: /\d+/,
  program: /[A-Za-z_][\w.@\-]*\[\d+\]:/,
  word: /[A-Za-z_][\w.\-]*/,
  other: { match: /[^]/, lineBreaks: true },
});

function isUpper(c: number): boolean { return c >= 65 && c <= 90; }

export const journaldFormat: LogFormat = {
  name: 'journald',
  mayStart(line) {
    return line.length > 16 && isUpper(line.charCodeAt(0)) && line.charCodeAt(3) === 32
      && line.charCodeAt(9) === 58 && line.charCodeAt(12) === 58 && isMonthName(line.slice(0, 3));
  },
  parseHeader(line, refYear): HeaderFields | null {
    headerLexer.reset(line.slice(4));
    const off = 4;
    const day = headerLexer.next();
    if (!day || day.type !== 'num' || headerLexer.next()?.type !== 'sp') return null;
    const time = headerLexer.next();
    if (!time || time.type !== 'time' || headerLexer.next()?.type !== 'sp') return null;
    const host = headerLexer.next();
    if (!host || (host.type !== 'word' && host.type !== 'num') || headerLexer.next()?.type !== 'sp') return null;
    const prog = headerLexer.next();
    if (!prog || prog.type !== 'program' || headerLexer.next()?.type !== 'sp') return null;
    const lvl = headerLexer.next();
    const level = lvl && lvl.type === 'word' ? LEVEL_BY_NAME[lvl.value] : undefined;
    if (!level || headerLexer.next()?.type !== 'sp') return null;
    const logger = headerLexer.next();
    if (!logger || logger.type !== 'word') return null;
    const after = headerLexer.next();
    const bodyStart = after === undefined ? line.length : after.type === 'sp' ? off + after.offset + 1 : -1;
    if (bodyStart < 0) return null;
    const bracket = prog.value.indexOf('[');
    const timeMs = timeOfDayMs(time.value, 0, time.value.length);
    return {
      ts: syslogDateMs(line.slice(0, 3), Number(day.value), refYear, timeMs),
      tsText: line.slice(0, off + time.offset + time.text.length),
      pid: Number(prog.value.slice(bracket + 1, -2)),
      level, logger: logger.value, host: host.value, program: prog.value.slice(0, bracket), bodyStart,
    };
  },
  samples: [
    {
      line: 'Nov 23 10:15:02 cmp3 nova-compute[2931]: INFO nova.compute.claims [None req-6a763803-4838-49c7-814e-eaefbaddee9d admin admin - - -] [instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] Claim successful on node cmp3',
      expect: { tsText: 'Nov 23 10:15:02', pid: 2931, level: 'INFO', logger: 'nova.compute.claims', host: 'cmp3', program: 'nova-compute', requestId: 'req-6a763803-4838-49c7-814e-eaefbaddee9d', instance: '96abccce-8d1f-4e07-b6d1-4b2ab87e23b4', message: 'Claim successful on node cmp3' },
    },
    {
      line: 'Feb 20 10:17:40.532917 devstack nova-compute[21375]: DEBUG nova.compute.manager [None req-5f1e0c3a-9d3e-4a8b-8c55-1f0e2d3c4b5a admin admin] Lock acquired {{(pid=21375) inner /opt/stack/nova/nova/utils.py:92}}',
      expect: { tsText: 'Feb 20 10:17:40.532917', pid: 21375, level: 'DEBUG', host: 'devstack', requestId: 'req-5f1e0c3a-9d3e-4a8b-8c55-1f0e2d3c4b5a', message: 'Lock acquired' },
    },
    {
      line: 'Apr 04 20:48:22 train devstack@n-api.service[10884]: INFO nova.api.openstack.requestlog [None req-fdaff415-48b9-44a7-b4c3-015214e80b90 admin admin] 10.0.0.5 "POST /compute/v2.1/servers" status: 202 len: 399 microversion: 2.1 time: 0.853621',
      expect: { tsText: 'Apr 04 20:48:22', pid: 10884, level: 'INFO', logger: 'nova.api.openstack.requestlog', host: 'train', program: 'devstack@n-api.service', requestId: 'req-fdaff415-48b9-44a7-b4c3-015214e80b90' },
    },
  ],
};
