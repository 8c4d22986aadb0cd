// Test fixtures for the model: a SourceCatalog over real files in a temp dir, and a tiny
// framer that turns oslo lines into IngestRecords (header + following traceback/headerless lines).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FORMATS } from '../../../parsers/formats/index.js';
import { parseLine } from '../../../parsers/line-parser.js';
import { isTracebackLine } from '../../../parsers/traceback-rule.js';
import { LEVEL_CODES, hashId, type IngestRecord, type LevelCode, type Origin, type SourceCatalog } from '../../../tui/model/types.js';

export class TestCatalog implements SourceCatalog {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-model-'));
  private readonly files: string[] = [];
  readonly origins: Origin[] = [];
  reads = 0;

  addOrigin(service: string, label: string, host: string | null = null): number {
    this.origins.push({ slot: this.origins.length, service, host, label });
    return this.origins.length - 1;
  }

  /** Write a file; returns its file id. */
  addFile(rel: string, content: string): number {
    const p = path.join(this.dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    this.files.push(rel);
    return this.files.length - 1;
  }

  appendFile(file: number, content: string): number {
    const p = path.join(this.dir, this.files[file]);
    const at = fs.statSync(p).size;
    fs.appendFileSync(p, content);
    return at;
  }

  pathOf(file: number): string { return path.join(this.dir, this.files[file]); }
  origin(slot: number): Origin { return this.origins[slot]; }
  fileLabel(file: number): string { return this.files[file]; }

  read(file: number, offset: number, length: number): Buffer | null {
    this.reads++;
    const fd = fs.openSync(this.pathOf(file), 'r');
    try {
      const buf = Buffer.alloc(length);
      const n = fs.readSync(fd, buf, 0, length, offset);
      return n === length ? buf : null;
    } finally {
      fs.closeSync(fd);
    }
  }

  cleanup(): void { fs.rmSync(this.dir, { recursive: true, force: true }); }
}

export interface LineSpec {
  t: string; // HH:MM:SS.mmm
  level?: string;
  logger?: string;
  req?: string | null;
  inst?: string | null;
  msg: string;
  /** Traceback lines written after the header with the exception prefix. */
  tb?: string[];
  pid?: number;
}

/** Oslo lines as nova writes them (2026-11-24). */
export function osloLines(specs: readonly LineSpec[]): string {
  const out: string[] = [];
  for (const s of specs) {
    const head = `2026-11-24 ${s.t} ${s.pid ?? 5120} ${s.level ?? 'INFO'} ${s.logger ?? 'nova.compute.manager'}`;
    const ctx = s.req ? `[${s.req} 348abbc24423f0b651f1bc0f2e5bed70 a3d1955bb9cdcd2bc1c9a773340a4a9d - - -]` : '[-]';
    const inst = s.inst ? `[instance: ${s.inst}] ` : '';
    out.push(`${head} ${ctx} ${inst}${s.msg}`);
    for (const l of s.tb ?? []) out.push(`${head} ${inst}${l}`);
  }
  return out.join('\n') + '\n';
}

function levelCode(level: string | null): LevelCode {
  if (level === 'TRACE') return 5;
  const i = LEVEL_CODES.indexOf((level ?? '') as (typeof LEVEL_CODES)[number]);
  return (i < 0 ? 0 : i) as LevelCode;
}

/** Frame a file's bytes from `from` into records: a line that parses with context starts one; others continue it. */
export function frameFile(cat: TestCatalog, file: number, origin: number, from = 0): IngestRecord[] {
  const buf = fs.readFileSync(cat.pathOf(file)).subarray(from);
  const out: IngestRecord[] = [];
  let start = -1;
  let head: ReturnType<typeof parseLine> = null;
  let pos = 0;
  const flush = (end: number) => {
    if (start < 0) return;
    const p = head;
    out.push({
      file, offset: from + start, bytes: Buffer.from(buf.subarray(start, end)), ts: p && p.kind === 'record' ? p.ts : NaN,
      level: levelCode(p?.level ?? null), origin, reqHash: p?.context.requestId ? hashId(p.context.requestId) : 0,
      instHash: p?.instance ? hashId(p.instance) : 0, unparsed: !p || p.kind === 'unparsed', continues: false,
    });
  };
  while (pos < buf.length) {
    let nl = buf.indexOf(0x0a, pos);
    if (nl < 0) nl = buf.length;
    const text = buf.toString('utf8', pos, nl);
    const p = parseLine(text, 2026, FORMATS);
    if (start < 0 || (p && !isTracebackLine(p))) {
      flush(pos - 1 < start ? pos : pos - 1);
      start = pos;
      head = p;
    }
    pos = nl + 1;
  }
  flush(buf.length > 0 && buf[buf.length - 1] === 0x0a ? buf.length - 1 : buf.length);
  return out;
}

export const REQ_A = 'req-f541c3b1-affa-48e2-8781-570a61c26251';
export const REQ_B = 'req-0a1b2c3d-1111-2222-3333-444455556666';
export const INST_1 = '1251d603-70e5-483d-bb35-dfd172233065';
export const INST_2 = '9e8d7c6b-0000-4111-8222-333344445555';

/**
 * 40 records over two files, one a second apart: row i has message `m<i>`, request REQ_A for
 * even rows and REQ_B for odd ones; rows 10 and 30 are ERROR, 20 is WARNING; row 30 carries a
 * 3-line traceback; rows 0–19 name INST_1.
 */
export function scenarioRecords(cat: TestCatalog): IngestRecord[] {
  const apiSlot = cat.addOrigin('api', 'api');
  const cpuSlot = cat.addOrigin('compute', 'cpu@cmp1', 'cmp1');
  const specs = (parity: number): LineSpec[] => Array.from({ length: 20 }, (_, k) => {
    const i = k * 2 + parity;
    return {
      t: `10:00:${String(i).padStart(2, '0')}.000`, req: i % 2 === 0 ? REQ_A : REQ_B, inst: i < 20 ? INST_1 : null, msg: `m${i}`,
      level: i === 10 || i === 30 ? 'ERROR' : i === 20 ? 'WARNING' : 'INFO',
      tb: i === 30 ? ['Traceback (most recent call last):', '  File "x.py", line 1, in f', 'ValueError: boom'] : undefined,
    };
  });
  const a = cat.addFile('ctl1/nova-api.log', osloLines(specs(0)));
  const c = cat.addFile('cmp1/nova-compute.log', osloLines(specs(1)));
  return [...frameFile(cat, a, apiSlot), ...frameFile(cat, c, cpuSlot)];
}
