// A service that writes oslo.log's whole line to stderr or to syslog (no log_file, or
// use_syslog: oslo.log gives every handler the same format, time and pid first) ends up in
// journald or in rsyslog's files with the system's prefix before it:
//   `Jun 11 08:40:12 cmp1 nova-compute[1944]: 2024-06-11 08:40:12.301 1944 INFO nova… [req-…] …`
//   `2024-06-11T08:40:12.301234+00:00 cmp1 nova-compute: 2024-06-11 08:40:12.301 1944 INFO …`
// The line inside is read as oslo.log wrote it (its own time to the millisecond, its pid); the
// prefix gives the host and the program, as journald's own lines do.

import type { LineWrapper } from './container-wrappers.js';

/** `Mon DD HH:MM:SS[.f]` (syslog, journalctl short/-precise) or RFC 3339 (short-iso, rsyslog), host, tag[pid]: */
const PREFIX = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)) (\S+) ([A-Za-z_][\w.@-]*)(?:\[\d+\])?: /;
/** What follows must be a whole oslo.log line (time first), else the line is journald's own. */
const OSLO_TIME = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d/;

export const syslogWrapper: LineWrapper = {
  name: 'syslog',
  mayWrap: (l) => l.length > 40 && (l.charCodeAt(9) === 58 || l.charCodeAt(10) === 84 /* T */),
  unwrap(line, startsRecord) {
    const m = PREFIX.exec(line);
    if (!m) return null;
    const rest = line.slice(m[0].length);
    return OSLO_TIME.test(rest) && startsRecord(rest) ? rest : null;
  },
  origin(line) {
    const m = PREFIX.exec(line);
    return m ? { host: m[1], program: m[2] } : null;
  },
  samples: [
    {
      line: 'Jun 11 08:40:12 compute1 nova-compute[1944]: 2024-06-11 08:40:12.301 1944 INFO nova.compute.manager [req-5f1e0c3a-9d3e-4a8b-8c55-1f0e2d3c4b5a 9f2c7d1e8a4b4c3d9e0f1a2b3c4d5e6f 4b1e9d2c7a8f4e3b9c0d1e2f3a4b5c6d - default default] [instance: 3f8e2a1c-9b7d-4e6f-a5c4-d3b2a1908f7e] Took 12.41 seconds to build instance.',
      inner: '2024-06-11 08:40:12.301 1944 INFO nova.compute.manager [req-5f1e0c3a-9d3e-4a8b-8c55-1f0e2d3c4b5a 9f2c7d1e8a4b4c3d9e0f1a2b3c4d5e6f 4b1e9d2c7a8f4e3b9c0d1e2f3a4b5c6d - default default] [instance: 3f8e2a1c-9b7d-4e6f-a5c4-d3b2a1908f7e] Took 12.41 seconds to build instance.',
    },
    {
      line: 'Jun  9 22:01:07 ctl-1 nova-scheduler: 2024-06-09 22:01:07.019 2711 WARNING nova.scheduler.manager [req-0d6f1e2a-7b3c-4d5e-8f90-a1b2c3d4e5f6 - - - - -] Got no allocation candidates from the Placement API.',
      inner: '2024-06-09 22:01:07.019 2711 WARNING nova.scheduler.manager [req-0d6f1e2a-7b3c-4d5e-8f90-a1b2c3d4e5f6 - - - - -] Got no allocation candidates from the Placement API.',
    },
    {
      line: '2024-06-11T08:40:12.301234+00:00 compute1 nova-compute[1944]: 2024-06-11 08:40:12.298 1944 ERROR nova.compute.manager [req-5f1e0c3a-9d3e-4a8b-8c55-1f0e2d3c4b5a - - - - -] [instance: 3f8e2a1c-9b7d-4e6f-a5c4-d3b2a1908f7e] Instance failed to spawn',
      inner: '2024-06-11 08:40:12.298 1944 ERROR nova.compute.manager [req-5f1e0c3a-9d3e-4a8b-8c55-1f0e2d3c4b5a - - - - -] [instance: 3f8e2a1c-9b7d-4e6f-a5c4-d3b2a1908f7e] Instance failed to spawn',
    },
  ],
};
