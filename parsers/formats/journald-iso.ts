// journald with ISO timestamps (`journalctl -o short-iso` / `short-iso-precise`):
// `2019-02-20T10:17:40+0000 host nova-compute[21375]: INFO logger [ctx] message` or with
// microseconds and `+00:00`. The time is read as written (its zone dropped), like every other
// format's wall clock.

import type { HeaderFields, LogFormat } from './format-types.js';
import { LEVEL_BY_NAME } from '../levels.js';
import { isoDateTimeMs } from '../timestamps.js';

function isDigit(c: number): boolean { return c >= 48 && c <= 57; }

/** Where the token starting at `from` ends (the next space), or -1. */
function tokenEnd(line: string, from: number): number {
  return line.indexOf(' ', from);
}

export const journaldIsoFormat: LogFormat = {
  name: 'journald-iso',
  mayStart(line) {
    return line.length > 25 && isDigit(line.charCodeAt(0)) && line.charCodeAt(4) === 45 && line.charCodeAt(10) === 84 /* T */
      && line.charCodeAt(13) === 58 && line.charCodeAt(16) === 58;
  },
  mayStartBytes(b, s, e) {
    return e - s > 25 && isDigit(b[s]) && b[s + 4] === 45 && b[s + 10] === 84 && b[s + 13] === 58 && b[s + 16] === 58;
  },
  parseHeader(line): HeaderFields | null {
    // Time: 19 chars, optional fraction, then the zone up to the first space.
    let t = 19;
    if (line.charCodeAt(t) === 46 /* . */) { t++; while (isDigit(line.charCodeAt(t))) t++; }
    const zoneEnd = tokenEnd(line, t);
    if (zoneEnd < 0) return null;
    const hostEnd = tokenEnd(line, zoneEnd + 1);
    if (hostEnd < 0) return null;
    const progEnd = tokenEnd(line, hostEnd + 1);
    if (progEnd < 0) return null;
    const prog = line.slice(hostEnd + 1, progEnd);
    const open = prog.indexOf('[');
    if (open <= 0 || !prog.endsWith(']:')) return null;
    const levelEnd = tokenEnd(line, progEnd + 1);
    if (levelEnd < 0) return null;
    const level = LEVEL_BY_NAME[line.slice(progEnd + 1, levelEnd)];
    if (!level) return null;
    let loggerEnd = tokenEnd(line, levelEnd + 1);
    if (loggerEnd < 0) loggerEnd = line.length;
    const logger = line.slice(levelEnd + 1, loggerEnd);
    if (!logger) return null;
    return {
      ts: isoDateTimeMs(line, 0, 11, t), tsText: line.slice(0, t).replace('T', ' '),
      pid: Number(prog.slice(open + 1, -2)) || 0, level, logger, host: line.slice(zoneEnd + 1, hostEnd), program: prog.slice(0, open),
      bodyStart: Math.min(line.length, loggerEnd + 1),
    };
  },
  samples: [
    {
      line: '2019-02-20T10:17:40.532917+00:00 ubuntu-bionic-0001 nova-compute[21375]: INFO nova.compute.claims [None req-5f1e0c3a-9d3e-4a8b-8c55-1f0e2d3c4b5a demo demo] [instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] Claim successful on node ubuntu-bionic-0001',
      expect: { tsText: '2019-02-20 10:17:40.532917', pid: 21375, level: 'INFO', logger: 'nova.compute.claims', host: 'ubuntu-bionic-0001', program: 'nova-compute', requestId: 'req-5f1e0c3a-9d3e-4a8b-8c55-1f0e2d3c4b5a', instance: '96abccce-8d1f-4e07-b6d1-4b2ab87e23b4', message: 'Claim successful on node ubuntu-bionic-0001' },
    },
    {
      line: '2019-02-20T10:17:41+0000 cmp3 nova-compute[2931]: ERROR nova.compute.manager [req-6a763803-4838-49c7-814e-eaefbaddee9d admin admin - - -] [instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] Instance failed to spawn',
      expect: { tsText: '2019-02-20 10:17:41', pid: 2931, level: 'ERROR', host: 'cmp3', requestId: 'req-6a763803-4838-49c7-814e-eaefbaddee9d', message: 'Instance failed to spawn' },
    },
  ],
};
