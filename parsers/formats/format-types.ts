// A log format is data: how to recognise a line that starts a record, how to cut its header
// into fields, and sample lines with the values they must produce. Samples are checked when
// the registry loads (see formats/index.ts), as lnav does with its format definitions.

import type { Level } from '../record.js';

export interface HeaderFields {
  /** Milliseconds since epoch of the wall clock as written (treated as UTC); NaN if unknown. */
  ts: number;
  tsText: string;
  pid: number;
  level: Level | null;
  logger: string;
  /** Host named by the line itself (journald), else null. */
  host: string | null;
  /** Program tag that names the service (journald `nova-compute[123]`), else null. */
  program: string | null;
  /** Offset in the line where the part after the header (context, instance, message) starts. */
  bodyStart: number;
}

export interface FormatSample {
  line: string;
  expect: Partial<Omit<HeaderFields, 'bodyStart'>> & { requestId?: string | null; instance?: string | null; message?: string };
}

export interface LogFormat {
  name: string;
  /** Cheap check on the first bytes (char codes) of a line: could this line start a record? */
  mayStart(line: string): boolean;
  /**
   * The same answer as mayStart on the latin1 text of bytes [s, e), without decoding them (the
   * byte-level record scanner asks it of every line no other format starts). Optional.
   */
  mayStartBytes?(b: Uint8Array, s: number, e: number): boolean;
  /** Cut the header; null when the line does not fit the format. */
  parseHeader(line: string, refYear: number): HeaderFields | null;
  samples: FormatSample[];
}
