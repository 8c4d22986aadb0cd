// Is a file a log, and whose? Files are recognised by content, not by name: the first
// 64 KiB (decompressed for .gz) must hold lines that parse as oslo.log, journald short
// output or a `journalctl -o json` export, after at most a few hundred foreign lines (devstack
// writes its shell trace at the top of some files). When the name does not say which
// service wrote the file, the loggers inside do.

import fs from 'node:fs';
import { zlib } from './lazy-zlib.js';
import { FORMATS } from './formats/index.js';
import { parseLine } from './line-parser.js';

export const SNIFF_BYTES = 64 * 1024;
/** Foreign lines tolerated before the first log line. */
export const SNIFF_MAX_FOREIGN_LINES = 400;
/** Log lines needed to call the file a log. */
const SNIFF_MIN_RECORDS = 1;

/**
 * Logger → service, first match wins. Only loggers that one service alone writes vote:
 * nova.compute.api runs in nova-api, nova.scheduler.utils and .client in the conductor and compute.
 */
export const LOGGER_SERVICES: readonly [RegExp, string][] = [
  [/^nova\.compute\.(manager|claims|resource_tracker)$|^nova\.virt\.|^os_vif/, 'compute'],
  [/^nova\.scheduler\.(host_manager|filter_scheduler|manager|filters\.\w+)$|^nova\.filters$/, 'scheduler'],
  [/^nova\.conductor\b/, 'conductor'],
  [/^(nova\.api\.openstack\.placement|placement)\b/, 'placement'],
  [/^nova\.(osapi_compute|api)\b/, 'api'],
  [/^nova\.metadata\b/, 'metadata'],
  [/^neutron\b/, 'neutron'],
  [/^glance\b/, 'glance'],
  [/^keystone\b/, 'keystone'],
  [/^cinder\b/, 'cinder'],
];

export interface SniffResult {
  isLog: boolean;
  /** Why the file is not taken, when it is not. */
  reason: string | null;
  /** Service voted by the loggers of the lines read, null when none is telling. */
  serviceByLoggers: string | null;
  /** Host named by the lines themselves (journald), when every line names the same one. */
  host: string | null;
  /** Compute node named by the resource tracker's periodic lines, when the head holds one. */
  node: string | null;
}

/** The resource tracker's periodic lines name the node (its log's host when nothing else does). */
const NODE_LINE = /^(?:Auditing locally available compute resources for (?:node )?|Final resource view: name=|Compute_service record updated for \(?'?)([A-Za-z0-9][\w.-]*)/;
/** Where NODE_LINE can match, found with a byte search so that only those lines are parsed. */
const NODE_PHRASES = ['Auditing locally available compute resources for', 'Final resource view: name=', 'Compute_service record updated for'].map((p) => Buffer.from(p));

/** How far a run of NUL bytes at the start (a file truncated under its writer) is skipped. */
const MAX_NUL_RUN = 64 << 20;

/** Offset of the first byte that is not NUL, from `pos` on (within MAX_NUL_RUN). */
function afterNuls(fd: number, buf: Buffer, pos: number): number {
  for (let at = pos; at < pos + MAX_NUL_RUN;) {
    const n = fs.readSync(fd, buf, 0, buf.length, at);
    if (n <= 0) return at;
    for (let i = 0; i < n; i++) if (buf[i] !== 0) return at + i;
    at += n;
  }
  return pos;
}

function readHead(file: string, gzip: boolean): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(gzip ? SNIFF_BYTES / 2 : SNIFF_BYTES);
    let n = fs.readSync(fd, buf, 0, buf.length, 0);
    if (!gzip && n > 0 && buf[0] === 0) n = fs.readSync(fd, buf, 0, buf.length, afterNuls(fd, buf, 0));
    if (!gzip) return buf.subarray(0, n);
    // A partial gzip stream: inflate what is there (log text compresses 5–10×).
    return zlib().gunzipSync(buf.subarray(0, n), { finishFlush: zlib().constants.Z_SYNC_FLUSH }).subarray(0, SNIFF_BYTES * 4);
  } finally {
    fs.closeSync(fd);
  }
}

export function serviceOfLogger(logger: string): string | null {
  for (const [re, service] of LOGGER_SERVICES) if (re.test(logger)) return service;
  return null;
}

/**
 * The node the resource tracker's lines in the head name (only those lines are parsed); null
 * when they name none or several (an ironic compute manages many nodes: none is the host).
 */
function nodeInHead(head: Buffer, end: number, refYear: number): string | null {
  const starts = new Set<number>();
  for (const phrase of NODE_PHRASES) {
    for (let at = head.indexOf(phrase); at >= 0 && at < end; at = head.indexOf(phrase, at + phrase.length)) starts.add(head.lastIndexOf(0x0a, at) + 1);
  }
  const nodes = new Set<string>();
  for (const ls of starts) {
    let le = head.indexOf(0x0a, ls);
    if (le < 0 || le > end) le = end;
    const p = parseLine(head.toString('utf8', ls, le).replace(/\r$/, ''), refYear, FORMATS);
    const node = p && p.kind === 'record' ? NODE_LINE.exec(p.message)?.[1] : undefined;
    if (node) nodes.add(node);
  }
  return nodes.size === 1 ? [...nodes][0] : null;
}

/** Records enough to vote for a service from the loggers. */
const SNIFF_VOTES = 40;

/** `enough`: how many log records settle the question (1 when the name already says whose file it is). */
export function sniffLogFile(file: string, gzip: boolean, refYear: number, enough = SNIFF_VOTES): SniffResult {
  let head: Buffer;
  try {
    head = readHead(file, gzip);
  } catch (e) {
    return { isLog: false, reason: gzip ? `not a readable gzip file (${(e as Error).message})` : (e as Error).message, serviceByLoggers: null, host: null, node: null };
  }
  // An empty file may be a log not written yet (the live view follows it): nothing to skip.
  if (head.length === 0) return { isLog: !gzip, reason: gzip ? 'empty gzip file' : null, serviceByLoggers: null, host: null, node: null };
  const votes = new Map<string, number>();
  const hosts = new Set<string>();
  const programs = new Set<string>();
  let records = 0, foreign = 0, start = 0;
  const end = head.lastIndexOf(0x0a) + 1 || head.length;
  while (start < end && foreign <= SNIFF_MAX_FOREIGN_LINES && records < enough) {
    let nl = head.indexOf(0x0a, start);
    if (nl < 0 || nl > end) nl = end;
    const p = parseLine(head.toString('utf8', start, nl).replace(/\r$/, ''), refYear, FORMATS);
    start = nl + 1;
    if (!p || p.kind !== 'record') { if (records === 0) foreign++; continue; }
    records++;
    if (p.host) hosts.add(p.host);
    if (p.program) programs.add(p.program);
    const s = serviceOfLogger(p.logger);
    if (s) votes.set(s, (votes.get(s) ?? 0) + 1);
  }
  if (records < SNIFF_MIN_RECORDS) {
    const binary = head.subarray(0, 4096).includes(0);
    return { isLog: false, reason: binary ? 'binary (not text)' : 'no oslo.log or journald line in its first 64 KiB', serviceByLoggers: null, host: null, node: null };
  }
  const node = nodeInHead(head, end, refYear);
  const ranked = [...votes].sort((a, b) => b[1] - a[1]);
  // A journal names the program on every line, and may hold every service: the lines decide, not the file.
  const byLoggers = programs.size > 0 ? null : ranked[0]?.[0] ?? null;
  return { isLog: true, reason: null, serviceByLoggers: byLoggers, host: hosts.size === 1 ? [...hosts][0] : null, node };
}
