// Container runtimes wrap each line a service writes to stdout/stderr. OpenStack on Kubernetes
// (openstack-helm and the deployments built on it) logs to stdout, so what an operator copies
// from a node is the runtime's file, not oslo.log's:
//  - CRI (containerd, CRI-O): /var/log/pods/<ns>_<pod>_<uid>/<container>/0.log,
//    `<RFC 3339 time> stdout|stderr P|F <line>` (P: a part of a long line, F: its end);
//  - `kubectl logs --timestamps`: `<RFC 3339 time> <line>`;
//  - Docker's json-file driver: `{"log":"<line>\n","stream":"stderr","time":"…"}`.
// The wrapped line is read as the service wrote it (its own time, pid, level, context); the
// runtime's time only orders lines that have none. Wrappers are data with samples, checked
// with the formats' (formats/index.ts).

import { syslogWrapper } from './syslog-wrapper.js';

export interface WrapperSample {
  line: string;
  /** The line inside. */
  inner: string;
}

export interface LineWrapper {
  name: string;
  /** Cheap check on the first characters. */
  mayWrap(line: string): boolean;
  /**
   * The wrapped line, or null when the line is not this wrapper's. `startsRecord`: whether the
   * inner text can start a record (formats' mayStart), for wrappers that are only recognised
   * around a log line.
   */
  unwrap(line: string, startsRecord: (inner: string) => boolean): string | null;
  /** Host and program the wrapping names (syslog's prefix), for a line inside that does not. */
  origin?(line: string): { host: string; program: string } | null;
  samples: WrapperSample[];
}

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d) /;
const CRI_STREAM = /^(?:stdout|stderr) [PF] /;

const isDigit = (c: number) => c >= 48 && c <= 57;

export const criWrapper: LineWrapper = {
  name: 'cri',
  mayWrap: (l) => l.length > 20 && isDigit(l.charCodeAt(0)) && l.charCodeAt(10) === 84 /* T */,
  unwrap(line, startsRecord) {
    const t = RFC3339.exec(line);
    if (!t) return null;
    const rest = line.slice(t[0].length);
    const s = CRI_STREAM.exec(rest);
    if (s) return rest.slice(s[0].length);
    // `kubectl logs --timestamps`: no stream field; only around a log line, so that journald's
    // ISO short output (`<time> host program[pid]: …`) stays journald's.
    return startsRecord(rest) ? rest : null;
  },
  samples: [
    {
      line: '2025-03-01T10:00:00.123456789Z stdout F 2025-03-01 10:00:00.120 7 INFO nova.compute.manager [None req-0d6f1e2a-7b3c-4d5e-8f90-a1b2c3d4e5f6 admin admin] [instance: 3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b] Took 4.21 seconds to spawn the instance on the hypervisor.',
      inner: '2025-03-01 10:00:00.120 7 INFO nova.compute.manager [None req-0d6f1e2a-7b3c-4d5e-8f90-a1b2c3d4e5f6 admin admin] [instance: 3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b] Took 4.21 seconds to spawn the instance on the hypervisor.',
    },
    {
      line: '2025-03-01T10:00:01.5+01:00 2025-03-01 10:00:01.498 12 WARNING nova.scheduler.manager [None req-5e9b3d7f-1a6c-4e82-b0d4-8f2a6c0e4b19 demo demo] Got no allocation candidates from the Placement API.',
      inner: '2025-03-01 10:00:01.498 12 WARNING nova.scheduler.manager [None req-5e9b3d7f-1a6c-4e82-b0d4-8f2a6c0e4b19 demo demo] Got no allocation candidates from the Placement API.',
    },
  ],
};

export const dockerJsonWrapper: LineWrapper = {
  name: 'docker-json',
  mayWrap: (l) => l.startsWith('{"log":'),
  unwrap(line) {
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      return null;
    }
    const log = (o as { log?: unknown } | null)?.log;
    if (typeof log !== 'string') return null;
    return log.endsWith('\n') ? log.slice(0, log.endsWith('\r\n') ? -2 : -1) : log;
  },
  samples: [
    {
      line: '{"log":"2025-03-01 10:00:02.004 7 ERROR nova.compute.manager [None req-0d6f1e2a-7b3c-4d5e-8f90-a1b2c3d4e5f6 admin admin] [instance: 3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b] Instance failed to spawn: nova.exception.PortBindingFailed: Binding failed for port 6c1d, please check neutron logs for more information.\\n","stream":"stderr","time":"2025-03-01T10:00:02.004512Z"}',
      inner: '2025-03-01 10:00:02.004 7 ERROR nova.compute.manager [None req-0d6f1e2a-7b3c-4d5e-8f90-a1b2c3d4e5f6 admin admin] [instance: 3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b] Instance failed to spawn: nova.exception.PortBindingFailed: Binding failed for port 6c1d, please check neutron logs for more information.',
    },
  ],
};

export const WRAPPERS: readonly LineWrapper[] = [criWrapper, dockerJsonWrapper, syslogWrapper];
