// The headers of oslo.log and journald lines cut on bytes, field for field as the moo lexers
// of parsers/formats/oslo.ts and journald.ts cut them (and oslo's lenient fallback for a
// header with unexpected bytes), without decoding the line. Each function fills the header
// fields of `out` and returns where the body starts, or −1 when the header does not fit.

import { LEVEL_CODE, type ScannedLine } from './record-fields.js';
import type { ByteInterner } from './byte-interner.js';

const SP = 32;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isWordStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isWordChar = (c: number) => isWordStart(c) || isDigit(c) || c === 46 || c === 45;
/** JavaScript's \s for the bytes a header can hold (no multi-byte spaces). */
const isSpace = (c: number) => c === SP || (c >= 9 && c <= 13);

export interface Interners { loggers: ByteInterner; hosts: ByteInterner }

/** Level code of the bytes [s, e), −1 if not a level name. */
const LEVEL_BYTES = Object.entries(LEVEL_CODE).map(([name, code]) => [Buffer.from(name, 'latin1'), code] as const);
function levelOf(b: Buffer, s: number, e: number): number {
  const n = e - s;
  if (n < 4 || n > 8) return -1;
  next: for (const [name, code] of LEVEL_BYTES) {
    if (name.length !== n || name[0] !== b[s]) continue;
    for (let k = 1; k < n; k++) if (name[k] !== b[s + k]) continue next;
    return code;
  }
  return -1;
}

function wordEnd(b: Buffer, i: number, e: number): number {
  if (i >= e || !isWordStart(b[i])) return -1;
  i++;
  while (i < e && isWordChar(b[i])) i++;
  return i;
}

function skipSpaces(b: Buffer, i: number, e: number): number {
  while (i < e && b[i] === SP) i++;
  return i;
}

function num(b: Buffer, s: number, e: number): number {
  let v = 0;
  for (let i = s; i < e; i++) v = v * 10 + (b[i] - 48);
  return v;
}

/** `HH:MM:SS` at t plus up to three digits of fraction in [f, fe). */
function timeOfDay(b: Buffer, t: number, f: number, fe: number): number {
  let ms = 0;
  for (let k = 0; k < 3; k++) ms = ms * 10 + (f + k < fe ? b[f + k] - 48 : 0);
  return ((num(b, t, t + 2) * 60 + num(b, t + 3, t + 5)) * 60 + num(b, t + 6, t + 8)) * 1000 + ms;
}

function isClock(b: Buffer, t: number, e: number): boolean {
  return t + 8 <= e && isDigit(b[t]) && isDigit(b[t + 1]) && b[t + 2] === 58 && isDigit(b[t + 3]) && isDigit(b[t + 4])
    && b[t + 5] === 58 && isDigit(b[t + 6]) && isDigit(b[t + 7]);
}

let dayKey = -1;
let dayMs = 0;
function dateMs(y: number, mo: number, d: number): number {
  const key = (y * 100 + mo) * 100 + d;
  if (key !== dayKey) { dayKey = key; dayMs = Date.UTC(y, mo - 1, d); }
  return dayMs;
}

export function mayStartOslo(b: Buffer, s: number, e: number): boolean {
  return e - s >= 19 && isDigit(b[s]) && b[s + 4] === 45 && b[s + 7] === 45 && b[s + 10] === SP && b[s + 13] === 58 && b[s + 16] === 58;
}

const MONTHS = Buffer.from('JanFebMarAprMayJunJulAugSepOctNovDec', 'latin1');
function monthOf(b: Buffer, s: number): number {
  for (let m = 0; m < 12; m++) if (MONTHS[m * 3] === b[s] && MONTHS[m * 3 + 1] === b[s + 1] && MONTHS[m * 3 + 2] === b[s + 2]) return m;
  return -1;
}

export function mayStartJournald(b: Buffer, s: number, e: number): boolean {
  return e - s > 16 && b[s] >= 65 && b[s] <= 90 && b[s + 3] === SP && b[s + 9] === 58 && b[s + 12] === 58 && monthOf(b, s) >= 0;
}

function osloDate(b: Buffer, s: number): boolean {
  return isDigit(b[s]) && isDigit(b[s + 1]) && isDigit(b[s + 2]) && isDigit(b[s + 3]) && isDigit(b[s + 5]) && isDigit(b[s + 6])
    && isDigit(b[s + 8]) && isDigit(b[s + 9]);
}

/** oslo.log header as the strict lexer reads it. */
function osloStrict(b: Buffer, s: number, e: number, out: ScannedLine, it: Interners): number {
  if (!osloDate(b, s) || !isClock(b, s + 11, e)) return -1;
  let i = s + 19;
  let fe = i;
  if (i + 1 < e && (b[i] === 46 || b[i] === 44) && isDigit(b[i + 1])) { i += 2; while (i < e && isDigit(b[i])) i++; fe = i; }
  if (i >= e || b[i] !== SP) return -1;
  i = skipSpaces(b, i, e);
  const ps = i;
  while (i < e && isDigit(b[i])) i++;
  if (i === ps || i >= e || b[i] !== SP) return -1;
  const pe = i;
  const next = levelAndLogger(b, i, e, out, it);
  if (next < 0) return -1;
  out.ts = dateMs(num(b, s, s + 4), num(b, s + 5, s + 7), num(b, s + 8, s + 10)) + timeOfDay(b, s + 11, s + 20, Math.min(fe, s + 23));
  out.pid = num(b, ps, pe);
  return next;
}

/** `LEVEL logger ` from i (spaces first): sets level and logger, returns the offset after them or -1. */
function levelAndLogger(b: Buffer, i: number, e: number, out: ScannedLine, it: Interners): number {
  i = skipSpaces(b, i, e);
  const ls = i;
  const le = wordEnd(b, i, e);
  if (le < 0 || le >= e || b[le] !== SP) return -1;
  const level = levelOf(b, ls, le);
  if (level < 0) return -1;
  i = skipSpaces(b, le, e);
  const gs = i;
  const ge = wordEnd(b, i, e);
  if (ge < 0 || (ge < e && b[ge] !== SP)) return -1;
  out.level = level;
  out.logger = it.loggers.intern(b, gs, ge);
  return ge < e ? ge + 1 : e;
}

/** oslo's lenient header: fields cut at single spaces, pid 0 when not a number (oslo.ts lenientHeader). */
function osloLenient(b: Buffer, s: number, e: number, out: ScannedLine, it: Interners): number {
  const lim = Math.min(e, s + 512);
  if (!osloDate(b, s) || !isClock(b, s + 11, lim)) return -1;
  let i = s + 19;
  let fe = i;
  if (i + 1 < lim && (b[i] === 46 || b[i] === 44) && isDigit(b[i + 1])) { i += 2; while (i < lim && isDigit(b[i])) i++; fe = i; }
  if (i >= lim || b[i] !== SP) return -1;
  const ps = ++i;
  while (i < lim && !isSpace(b[i])) i++;
  if (i === ps || i >= lim || b[i] !== SP) return -1;
  const pe = i++;
  const ls = i;
  while (i < lim && b[i] >= 65 && b[i] <= 90) i++;
  if (i === ls || i >= lim || b[i] !== SP) return -1;
  const level = levelOf(b, ls, i);
  if (level < 0) return -1;
  const gs = ++i;
  while (i < lim && !isSpace(b[i])) i++;
  if (i === gs || (i < lim && b[i] !== SP)) return -1;
  let pidDigits = true;
  for (let k = ps; k < pe; k++) if (!isDigit(b[k])) pidDigits = false;
  out.ts = dateMs(num(b, s, s + 4), num(b, s + 5, s + 7), num(b, s + 8, s + 10)) + timeOfDay(b, s + 11, s + 20, Math.min(fe, s + 23));
  out.pid = pidDigits ? num(b, ps, pe) : 0;
  out.level = level;
  out.logger = it.loggers.intern(b, gs, i);
  return i < lim ? i + 1 : i;
}

export function osloHeader(b: Buffer, s: number, e: number, out: ScannedLine, it: Interners): number {
  const body = osloStrict(b, s, e, out, it);
  return body >= 0 ? body : osloLenient(b, s, e, out, it);
}

/** `Mon DD HH:MM:SS[.ffffff] host program[pid]: LEVEL logger` (journald.ts). */
export function journaldHeader(b: Buffer, s: number, e: number, refYear: number, out: ScannedLine, it: Interners): number {
  let i = s + 4;
  const ds = i;
  while (i < e && isDigit(b[i])) i++;
  if (i === ds || i >= e || b[i] !== SP || isClock(b, ds, e)) return -1;
  const day = num(b, ds, i);
  i = skipSpaces(b, i, e);
  const t = i;
  if (!isClock(b, t, e)) return -1;
  i = t + 8;
  let fe = i;
  if (i + 1 < e && b[i] === 46 && isDigit(b[i + 1])) { i += 2; while (i < e && isDigit(b[i])) i++; fe = i; }
  if (i >= e || b[i] !== SP) return -1;
  i = skipSpaces(b, i, e);
  const hs = i;
  if (isDigit(b[i])) { if (isClock(b, i, e)) return -1; while (i < e && isDigit(b[i])) i++; } else {
    const he = wordEnd(b, i, e);
    if (he < 0) return -1;
    i = he;
  }
  if (i >= e || b[i] !== SP) return -1;
  const he = i;
  i = skipSpaces(b, i, e);
  const gs = i;
  // A systemd unit may be the program: devstack's `devstack@n-api.service[pid]:`.
  let ge = wordEnd(b, i, e);
  while (ge > 0 && b[ge] === 64) ge = wordEnd(b, ge + 1, e);
  if (ge < 0 || b[ge] !== 91) return -1;
  i = ge + 1;
  const ps = i;
  while (i < e && isDigit(b[i])) i++;
  if (i === ps || i + 2 >= e || b[i] !== 93 || b[i + 1] !== 58 || b[i + 2] !== SP) return -1;
  const pid = num(b, ps, i);
  const next = levelAndLogger(b, i + 2, e, out, it);
  if (next < 0) return -1;
  out.ts = Date.UTC(refYear, monthOf(b, s), day) + timeOfDay(b, t, t + 9, Math.min(fe, t + 12));
  out.pid = pid;
  out.host = it.hosts.intern(b, hs, he);
  out.program = it.hosts.intern(b, gs, ge);
  return next;
}
