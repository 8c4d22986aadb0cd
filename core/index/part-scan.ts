// Indexes one part of one log file (a line-aligned byte range; a .gz whole): runs the record
// scanner over it and groups the records that carry a request id, global request id or
// instance by key into posting lists, finds the API's boot requests (`POST …/servers` access
// lines), and returns it all as flat arrays that cross a worker boundary cheaply. Runs in the
// index workers and, for small inputs and tests, in the calling thread.

import { openByteSource } from '../search/byte-source.js';
import { BOOT_ACCESS_PARTS } from '../boot-access.js';
import { RecordScanner, ScanIds } from '../scan/record-scanner.js';
import { KIND_RECORD, KIND_UNPARSED, type ScannedLine } from '../scan/record-fields.js';
import { encodePostings, VarintWriter, writeEntry } from './posting-codec.js';

export const KEY_REQUEST = 0, KEY_GLOBAL = 1, KEY_INSTANCE = 2, KEY_UNPARSED = 3;

export interface PartTask { file: number; path: string; gzip: boolean; refYear: number; start: number; end: number }

/** "Took N seconds to build instance." — a build that ended well (the stack and Nova write it). */
export interface BuiltLine { offset: number; ts: number; requestId: string | null; globalRequestId: string | null }

export interface BootLine { offset: number; ts: number; requestId: string | null; globalRequestId: string | null; status: number; path: string }

export interface PartResult {
  file: number;
  start: number;
  /** Where indexing stopped: just after the last complete line. */
  end: number;
  /** Posting lists (one per key and kind) in this part. */
  keys: number;
  /** How many hash buckets the part's lists are spread over; the buckets that hold any, their blobs' ends in `blob`. */
  buckets: number;
  bucketIds: Int32Array;
  blob: Uint8Array;
  blobEnds: Int32Array;
  boots: BootLine[];
  built: BuiltLine[];
  records: number;
  minTs: number;
  maxTs: number;
  error?: string;
}

const CHUNK = 4 << 20;
/** Posting lists per bucket row: rows few enough that writing them costs little (and SQLite packs them well), small enough that a lookup decodes little. */
const KEYS_PER_BUCKET = 64;
const MAX_LINE = 16 << 20;
/** A boot's path ends the URL: a space (eventlet's ` HTTP/1.1`), the quote (uwsgi's requestlog) or a query. */
const BOOT_PATHS = [Buffer.from('/servers', 'latin1'), Buffer.from('/os-volumes_boot', 'latin1')];
const SPACE = 0x20, QUOTE = 0x22, QUERY = 0x3f;
const BUILT = Buffer.from(' seconds to build instance', 'latin1');
const TOKEN = /(?:req-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Growable columns of postings, in scan order. */
class PostingColumns {
  n = 0;
  key = new Int32Array(1 << 16);
  kind = new Uint8Array(1 << 16);
  offset = new Float64Array(1 << 16);
  ts = new Float64Array(1 << 16);
  level = new Int8Array(1 << 16);

  push(key: number, kind: number, l: ScannedLine): void {
    if (this.n === this.key.length) this.grow();
    const i = this.n++;
    this.key[i] = key; this.kind[i] = kind; this.offset[i] = l.offset; this.ts[i] = l.ts; this.level[i] = l.level;
  }

  private grow(): void {
    const g = <T extends Int32Array | Uint8Array | Float64Array | Int8Array>(a: T): T => { const b = new (a.constructor as new (n: number) => T)(a.length * 2); b.set(a); return b; };
    this.key = g(this.key); this.kind = g(this.kind); this.offset = g(this.offset); this.ts = g(this.ts); this.level = g(this.level);
  }
}

// Kept from part to part in a thread: allocating them anew for every part leaves the C heap
// fragmented (freed by one thread, allocated by another) and the process's RSS growing.
let reusedColumns: PostingColumns | null = null;
let reusedChunk: Buffer | null = null;

export function scanPart(task: PartTask): PartResult {
  const names = new ScanIds();
  const cols = (reusedColumns ??= new PostingColumns());
  cols.n = 0;
  const unparsedLines: [number, number][] = [];
  let records = 0, minTs = Infinity, maxTs = -Infinity;
  const boots: BootLine[] = [];
  let bootLines = new Map<number, { status: number; path: string }>();
  const built: BuiltLine[] = [];
  let builtLines = new Set<number>();
  const scanner = new RecordScanner(names, task.refYear, {
    line(l) {
      if (l.kind === KIND_UNPARSED) { unparsedLines.push([l.offset, l.length]); return; }
      if (l.kind !== KIND_RECORD) return;
      records++;
      if (bootLines.size) {
        const b = bootLines.get(l.offset);
        if (b) boots.push({ offset: l.offset, ts: l.ts, requestId: idOf(l.requestId), globalRequestId: idOf(l.globalRequestId), ...b });
      }
      if (builtLines.size && builtLines.has(l.offset)) built.push({ offset: l.offset, ts: l.ts, requestId: idOf(l.requestId), globalRequestId: idOf(l.globalRequestId) });
      if (l.ts < minTs) minTs = l.ts;
      if (l.ts > maxTs) maxTs = l.ts;
      // A traceback line names the instance but belongs to the record above it (scan-range.ts).
      if (l.tracebackLine) return;
      if (l.requestId >= 0) cols.push(l.requestId, KEY_REQUEST, l);
      if (l.globalRequestId >= 0) cols.push(l.globalRequestId, KEY_GLOBAL, l);
      if (l.instance >= 0) cols.push(l.instance, KEY_INSTANCE, l);
    },
  });
  const idOf = (id: number) => (id < 0 ? null : names.ids.string(id));
  const src = openByteSource(task.path, task.gzip);
  let buf = (reusedChunk ??= Buffer.allocUnsafe(CHUNK));
  let pos = task.start;
  const end = Math.min(task.end, src.size);
  const unparsedText: [number, string][] = [];
  try {
    while (pos < end) {
      const n = src.read(buf, 0, Math.min(buf.length, end - pos), pos);
      if (n <= 0) break;
      let limit = buf.lastIndexOf(0x0a, n - 1) + 1;
      if (limit <= 0) {
        // A last line without its line break: a .gz is final, a plain file's line may still be
        // being written and is indexed once complete (the trace searches past the index).
        if (pos + n >= end && !task.gzip) break;
        if (pos + n < end && buf.length < MAX_LINE) { buf = Buffer.allocUnsafe(buf.length * 2); continue; }
        limit = n;
      }
      const before = unparsedLines.length;
      bootLines = findBoots(buf, limit, pos);
      builtLines = lineStartsOf(buf, limit, pos, BUILT);
      scanner.scan(buf, 0, limit, pos);
      for (let k = before; k < unparsedLines.length; k++) {
        const [off, len] = unparsedLines[k];
        unparsedText.push([off, buf.toString('latin1', off - pos, off - pos + len)]);
      }
      pos += limit;
    }
  } finally {
    src.close();
  }
  // Lines that fit no format are found by any id they hold, as the no-index search finds them.
  for (const [off, text] of unparsedText) {
    const seen = new Set<string>();
    for (const m of text.matchAll(TOKEN)) {
      for (const t of m[0].startsWith('req-') ? [m[0], m[0].slice(4)] : [m[0]]) {
        if (seen.has(t)) continue;
        seen.add(t);
        const l = { offset: off, ts: NaN, level: -1 } as ScannedLine;
        cols.push(names.ids.internString(t), KEY_UNPARSED, l);
      }
    }
  }
  const grouped = group(cols, names);
  return { ...grouped, file: task.file, start: task.start, end: pos, boots, built, records, minTs, maxTs };
}

/** The API's boot access lines (boot-access.ts) in buf[0, limit), by file offset (the scanner gives their time and ids). */
function findBoots(all: Buffer, limit: number, base: number): Map<number, { status: number; path: string }> {
  const out = new Map<number, { status: number; path: string }>();
  const buf = all.subarray(0, limit);
  for (const needle of BOOT_PATHS) {
    for (let i = buf.indexOf(needle); i >= 0; i = buf.indexOf(needle, i + needle.length)) {
      const next = buf[i + needle.length];
      if (next !== SPACE && next !== QUOTE && next !== QUERY) continue;
      const s = buf.lastIndexOf(0x0a, i) + 1;
      let e = buf.indexOf(0x0a, i);
      if (e < 0) e = limit;
      const m = BOOT_ACCESS_PARTS.exec(buf.toString('latin1', s, e));
      if (m) out.set(base + s, { status: Number(m[2]), path: m[1] });
    }
  }
  return out;
}

/** File offsets of the lines of buf[0, limit) that hold `needle`. */
function lineStartsOf(all: Buffer, limit: number, base: number, needle: Buffer): Set<number> {
  const out = new Set<number>();
  const buf = all.subarray(0, limit);
  for (let i = buf.indexOf(needle); i >= 0; i = buf.indexOf(needle, i + needle.length)) out.add(base + buf.lastIndexOf(0x0a, i) + 1);
  return out;
}

/** Postings grouped by (key, kind) with a counting sort (keys are dense interned ids), packed, and spread over hash buckets. */
function group(cols: PostingColumns, names: ScanIds): Pick<PartResult, 'buckets' | 'bucketIds' | 'blob' | 'blobEnds' | 'keys'> {
  const slots = names.ids.size * 4;
  const counts = new Int32Array(slots + 1);
  for (let i = 0; i < cols.n; i++) counts[cols.key[i] * 4 + cols.kind[i] + 1]++;
  let groups = 0;
  for (let k = 1; k <= slots; k++) { if (counts[k] > 0) groups++; counts[k] += counts[k - 1]; }
  const order = new Int32Array(cols.n);
  const fill = counts.slice(0, slots);
  for (let i = 0; i < cols.n; i++) order[fill[cols.key[i] * 4 + cols.kind[i]]++] = i;
  const offsets = new Float64Array(cols.n), times = new Float64Array(cols.n), levels = new Int8Array(cols.n);
  for (let j = 0; j < cols.n; j++) { const i = order[j]; offsets[j] = cols.offset[i]; times[j] = cols.ts[i]; levels[j] = cols.level[i]; }
  const buckets = Math.max(1, Math.ceil(groups / KEYS_PER_BUCKET));
  // Each group's slot and bucket (hash of the key's bytes as read: ids are ASCII, so the same
  // bytes as the query's UTF-8), then the groups in bucket order by a counting sort.
  const gSlot = new Int32Array(groups), gBucket = new Int32Array(groups);
  const perBucket = new Int32Array(buckets + 1);
  let g = 0;
  for (let slot = 0; slot < slots; slot++) {
    if (counts[slot + 1] === counts[slot]) continue;
    gSlot[g] = slot;
    gBucket[g] = hashBytes(names.ids.bytesOf(slot >> 2)) % buckets;
    perBucket[gBucket[g] + 1]++;
    g++;
  }
  for (let b = 1; b <= buckets; b++) perBucket[b] += perBucket[b - 1];
  const byBucket = new Int32Array(groups);
  const at = perBucket.slice(0, buckets);
  for (let k = 0; k < groups; k++) byBucket[at[gBucket[k]]++] = k;
  const w = new VarintWriter(), p = new VarintWriter();
  const ids: number[] = [], ends: number[] = [];
  for (let k = 0; k < byBucket.length; k++) {
    const gi = byBucket[k];
    const slot = gSlot[gi];
    p.len = 0;
    encodePostings(p, offsets, times, levels, counts[slot], counts[slot + 1]);
    writeEntry(w, names.ids.bytesOf(slot >> 2), slot & 3, p.buf.subarray(0, p.len));
    if (k === byBucket.length - 1 || gBucket[byBucket[k + 1]] !== gBucket[gi]) { ids.push(gBucket[gi]); ends.push(w.len); }
  }
  return { buckets, bucketIds: Int32Array.from(ids), blob: w.bytes(), blobEnds: Int32Array.from(ends), keys: groups };
}

function hashBytes(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 16777619);
  return h >>> 0;
}
