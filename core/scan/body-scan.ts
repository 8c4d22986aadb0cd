// The part of a line after its header, on bytes, as parsers/line-parser.ts and context.ts cut
// it: the request-context bracket (legacy, Pike+ and pre-Kilo layouts, `[-]`) and the
// optional `[instance: <uuid>]`, and where the message starts. The message itself is not looked at.

import type { ScannedLine } from './record-fields.js';
import type { ByteInterner } from './byte-interner.js';

const SP = 32, OPEN = 91, CLOSE = 93;
const INSTANCE = Buffer.from('[instance: ', 'latin1');

function startsWith(b: Buffer, i: number, e: number, what: Buffer): boolean {
  if (e - i < what.length) return false;
  for (let k = 0; k < what.length; k++) if (b[i + k] !== what[k]) return false;
  return true;
}

function isRequestId(b: Buffer, s: number, e: number): boolean {
  return e - s > 4 && b[s] === 114 && b[s + 1] === 101 && b[s + 2] === 113 && b[s + 3] === 45; // req-
}

/** A context slot holds a value: not empty, `-` or `None`. */
function isValue(b: Buffer, s: number, e: number): boolean {
  if (s < 0 || e <= s) return false;
  if (e - s === 1 && b[s] === 45) return false;
  return !(e - s === 4 && b[s] === 78 && b[s + 1] === 111 && b[s + 2] === 110 && b[s + 3] === 101);
}

function indexOfIn(b: Buffer, c: number, i: number, e: number): number {
  for (; i < e; i++) if (b[i] === c) return i;
  return -1;
}

// Token bounds of the bracket's first three space-separated tokens (−1 when there are fewer):
// the request ids and the user are among them.
const ts = new Int32Array(3), te = new Int32Array(3);

/** Parses the bracket's inner text [s, e) into `out`; false when it is not a context (context.ts parseContext). */
function context(b: Buffer, s: number, e: number, out: ScannedLine, ids: ByteInterner | null): boolean {
  if (e === s || (e - s === 1 && b[s] === 45)) return true;
  let at = s;
  for (let k = 0; k < 3; k++) {
    if (at > e) { ts[k] = -1; te[k] = -1; continue; }
    const sp = indexOfIn(b, SP, at, e);
    ts[k] = at; te[k] = sp < 0 ? e : sp;
    at = sp < 0 ? e + 1 : sp + 1;
  }
  const isReq = (k: number) => ts[k] >= 0 && isRequestId(b, ts[k], te[k]);
  let rid: number, user: number;
  if (isReq(0)) {
    if (isReq(1)) { if (ids) out.globalRequestId = ids.intern(b, ts[0], te[0]); rid = 1; user = 2; } else { rid = 0; user = 1; }
  } else if (te[0] - ts[0] === 4 && b[ts[0]] === 78 && b[ts[0] + 1] === 111 && b[ts[0] + 2] === 110 && b[ts[0] + 3] === 101 && isReq(1)) {
    rid = 1; user = 2;
  } else {
    return false;
  }
  if (ids) out.requestId = ids.intern(b, ts[rid], te[rid]);
  out.reqStart = ts[rid];
  out.reqEnd = te[rid];
  out.hasUser = isValue(b, ts[user], te[user]);
  return true;
}

/** Context and instance of the body starting at `i`; request ids are interned unless `requestIds` is false (their bounds are set either way). */
export function scanBody(b: Buffer, i: number, e: number, out: ScannedLine, ids: ByteInterner, requestIds = true): void {
  if (i < e && b[i] === OPEN && !startsWith(b, i, e, INSTANCE)) {
    const close = indexOfIn(b, CLOSE, i, e);
    if (close > 0) {
      if (context(b, i + 1, close, out, requestIds ? ids : null)) {
        out.hasContext = true;
        i = close + 1;
        if (i < e && b[i] === SP) i++;
      } else {
        out.globalRequestId = -1;
      }
    }
  }
  if (startsWith(b, i, e, INSTANCE)) {
    const close = indexOfIn(b, CLOSE, i, e);
    if (close > 0) {
      out.instance = ids.intern(b, i + INSTANCE.length, close);
      out.instStart = i + INSTANCE.length;
      out.instEnd = close;
      i = close + 1;
      if (i < e && b[i] === SP) i++;
    }
  }
  out.msgStart = i;
}
