// Messages between the trace search and its workers.
import type { ParsedLine } from '../../parsers/line-parser.js';

export interface ScanTask {
  source: number;
  path: string;
  gzip: boolean;
  refYear: number;
  /** Byte range of whole lines to search: [start, end). */
  start: number;
  end: number;
  /** Ids that select a record when its context carries one of them (request or global request id). */
  requestNeedles: string[];
  /** Instance uuids that select a record when its `[instance: …]` is one of them. */
  instanceNeedles: string[];
  /** Server uuids that select a line whose message names `/servers/<uuid>` (the API's access lines). */
  serverNeedles?: string[];
  /**
   * Causal bound (see causal-bound.ts): 'sets' — this file's hits (the API's) set the earliest
   * time the request can appear elsewhere; 'obeys' — skip the part of this file before it.
   */
  bound?: 'sets' | 'obeys';
  /** Milliseconds subtracted from a hit's time before it becomes the bound (clock disagreement). */
  boundSlackMs?: number;
}

export interface ScanHit extends ParsedLine {
  /** Which needle selected the record. */
  needle: string;
}

export interface ScanResult {
  hits: ScanHit[];
  bytes: number;
}
