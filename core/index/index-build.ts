// `nova-trace index`: brings the index up to date with the log files under some paths.
// Each file is matched with what the index already holds: the same file grown (only its new
// bytes are read), renamed by a rotation (same device and inode), truncated or replaced
// (read again from the start), or a compressed generation of a file already indexed (same
// head bytes: its postings are reused, never indexed twice). Rows of files that are gone go.

import fs from 'node:fs';
import { discoverLogs, type LogSource, type SkippedFile } from '../../parsers/log-files.js';
import { markBuild, openIndexForWrite } from './index-db.js';
import { IndexWriter, type FileRow } from './index-write.js';
import { cutAtLines, gunzipWhole, hashHead, HEAD_BYTES, lastLineEnd, readHead } from './file-identity.js';
import { runParts } from './part-runner.js';
import type { PartResult, PartTask } from './part-scan.js';

const PIECE = 32 << 20;

export interface BuildOptions {
  paths: readonly string[];
  indexFile: string;
  workers?: number;
  /** Bytes read so far and in all, as parts finish. */
  progress?: (done: number, total: number) => void;
  warn?: (msg: string) => void;
}

export interface BuildSummary {
  index: string;
  files: number;
  indexed: number;
  unchanged: number;
  renamed: number;
  reused_generations: number;
  reindexed: number;
  removed: number;
  bytes_read: number;
  records: number;
  skipped: SkippedFile[];
  seconds: number;
  index_bytes: number;
}

interface Plan { src: LogSource; id: number; from: number; fromScratch: boolean; end: number; gz: Buffer | null; dev: number; ino: number }

function identity(st: fs.Stats): { dev: number; ino: number } { return { dev: Number(st.dev), ino: Number(st.ino) }; }

export async function buildIndex(o: BuildOptions): Promise<BuildSummary> {
  try {
    return await buildOnce(o);
  } catch (e) {
    // Damage SQLite finds only while reading (a page overwritten): start again from nothing.
    if (!/^SQLITE_(CORRUPT|NOTADB)/.test(String((e as { code?: string }).code))) throw e;
    o.warn?.(`the index ${o.indexFile} is damaged (${(e as Error).message}); rebuilding it`);
    for (const f of [o.indexFile, `${o.indexFile}-wal`, `${o.indexFile}-shm`]) fs.rmSync(f, { force: true });
    return buildOnce(o);
  }
}

async function buildOnce(o: BuildOptions): Promise<BuildSummary> {
  const t0 = performance.now();
  const warn = o.warn ?? (() => {});
  const db = openIndexForWrite(o.indexFile, warn);
  try {
    markBuild(db, false);
    const w = new IndexWriter(db);
    const { sources, skipped } = discoverLogs(o.paths);
    const sum: BuildSummary = { index: o.indexFile, files: sources.length, indexed: 0, unchanged: 0, renamed: 0, reused_generations: 0, reindexed: 0, removed: 0, bytes_read: 0, records: 0, skipped, seconds: 0, index_bytes: 0 };
    const rows = db.prepare('SELECT * FROM files').all() as FileRow[];
    const byPath = new Map(rows.map((r) => [r.path, r]));
    const stats = new Map(sources.map((s) => [s.path, fs.statSync(s.path)]));
    const inodeAt = new Map([...stats].map(([p, st]) => [`${st.dev}:${st.ino}`, p]));
    const claimed = new Set<number>();
    // A row whose path now holds another file (or whose file is gone) is free to be matched by
    // inode or head bytes below; what stays unclaimed is removed at the end.
    const owns = (r: FileRow) => { const st = stats.get(r.path); return st !== undefined && Number(st.ino) === r.ino && Number(st.dev) === r.dev && (r.gzip === 1) === r.path.endsWith('.gz'); };
    // Rows whose path no longer holds their file step aside (their file may have been renamed
    // or compressed under another name); the path is free for what is there now.
    const present = new Set(rows.filter(owns).map((r) => r.id));
    for (const r of rows) {
      if (present.has(r.id)) continue;
      byPath.delete(r.path);
      r.path = `\0${r.id}\0${r.path}`;
      w.move(r.id, r.path, r.dev, r.ino, r.gzip === 1, r.size);
    }
    const plans: Plan[] = [];
    for (const src of sources) {
      const st = stats.get(src.path)!;
      const { dev, ino } = identity(st);
      let row = byPath.get(src.path);
      if (!row && !src.gzip) {
        row = rows.find((r) => !claimed.has(r.id) && !present.has(r.id) && r.dev === dev && r.ino === ino && r.gzip === 0 && inodeAt.get(`${r.dev}:${r.ino}`) === src.path);
        if (row) { moveRow(w, rows, byPath, row, src.path, dev, ino, false, st.size); sum.renamed++; }
      }
      if (row && src.gzip && row.size === st.size && row.indexed > 0) { claimed.add(row.id); sum.unchanged++; continue; }
      const gz = src.gzip ? safeGunzip(src.path, warn) : null;
      if (src.gzip && !gz) continue;
      if (!row && gz) {
        const gen = rows.find((r) => !claimed.has(r.id) && r.head_len > 0 && r.indexed <= gz.length && hashHead(gz, r.head_len) === r.head_hash);
        if (gen && present.has(gen.id)) {
          const id = w.newFile({ path: src.path, dev, ino, gzip: 1, size: st.size, service: src.service, host: src.host, ref_year: src.refYear });
          w.copyFrom(id, gen.id);
          w.adopt(id, gen);
          row = w.row(id)!;
        } else if (gen) {
          moveRow(w, rows, byPath, gen, src.path, dev, ino, true, st.size);
          row = w.row(gen.id)!;
        }
        if (row) sum.reused_generations++;
      }
      if (!row) {
        row = w.row(w.newFile({ path: src.path, dev, ino, gzip: src.gzip ? 1 : 0, size: st.size, service: src.service, host: src.host, ref_year: src.refYear }))!;
      }
      claimed.add(row.id);
      const end = gz ? gz.length : lastLineEnd(src.path, st.size);
      const head = gz ?? readHead(src.path, Math.min(HEAD_BYTES, end));
      const intact = row.head_len === 0 || (row.indexed <= end && head.length >= row.head_len && hashHead(head, row.head_len) === row.head_hash);
      const from = intact ? row.indexed : 0;
      if (!intact) sum.reindexed++;
      if (intact && from >= end) { sum.unchanged++; continue; }
      plans.push({ src, id: row.id, from, fromScratch: !intact, end, gz, dev, ino });
    }
    for (const r of rows) {
      if (claimed.has(r.id) || !w.row(r.id)) continue;
      w.drop(r.id);
      sum.removed++;
    }
    await indexPlans(w, plans, o, sum);
    markBuild(db, true);
    db.pragma('wal_checkpoint(TRUNCATE)');
    sum.seconds = (performance.now() - t0) / 1000;
    sum.index_bytes = indexFileBytes(o.indexFile);
    return sum;
  } finally {
    db.close();
  }
}

/** The index's size on disk (database and write-ahead log). */
export function indexFileBytes(file: string): number {
  return [file, `${file}-wal`].reduce((a, f) => a + (fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0), 0);
}

function moveRow(w: IndexWriter, rows: FileRow[], byPath: Map<string, FileRow>, row: FileRow, path: string, dev: number, ino: number, gzip: boolean, size: number): void {
  const there = byPath.get(path);
  if (there && there.id !== row.id) { w.drop(there.id); byPath.delete(path); rows.splice(rows.indexOf(there), 1); }
  byPath.delete(row.path);
  w.move(row.id, path, dev, ino, gzip, size);
  Object.assign(row, { path, dev, ino, gzip: gzip ? 1 : 0, size });
  byPath.set(path, row);
}

function safeGunzip(file: string, warn: (m: string) => void): Buffer | null {
  try {
    return gunzipWhole(file);
  } catch (e) {
    warn(`skipped ${file}: ${(e as Error).message}`);
    return null;
  }
}

async function indexPlans(w: IndexWriter, plans: readonly Plan[], o: BuildOptions, sum: BuildSummary): Promise<void> {
  const tasks: PartTask[] = [];
  const pending = new Map<number, { plan: Plan; parts: PartResult[]; left: number; expect: number }>();
  for (const p of plans) {
    const ranges = p.gz ? [[p.from, p.end] as [number, number]] : cutAtLines(p.src.path, p.from, p.end, PIECE);
    const expect = w.row(p.id)!.indexed;
    pending.set(p.id, { plan: p, parts: [], left: ranges.length, expect });
    for (const [start, end] of ranges) tasks.push({ file: p.id, path: p.src.path, gzip: p.src.gzip, refYear: p.src.refYear, start, end });
  }
  // Biggest parts first, so the threads finish together.
  tasks.sort((a, b) => (b.end - b.start) - (a.end - a.start));
  const total = tasks.reduce((a, t) => a + t.end - t.start, 0);
  let done = 0;
  o.progress?.(0, total);
  await runParts(tasks, (r, t) => {
    done += t.end - t.start;
    o.progress?.(done, total);
    const f = pending.get(r.file)!;
    if (r.error) o.warn?.(`${t.path}: ${r.error}`);
    f.parts.push(r);
    if (--f.left > 0) return;
    const p = f.plan;
    const head = p.gz ?? readHead(p.src.path, Math.min(HEAD_BYTES, p.end));
    const headLen = Math.min(HEAD_BYTES, head.length);
    const ok = w.commitFile(p.id, f.expect, p.fromScratch, f.parts, {
      size: fs.statSync(p.src.path, { throwIfNoEntry: false })?.size ?? 0, head_len: headLen, head_hash: hashHead(head, headLen),
      service: p.src.service, host: p.src.host, ref_year: p.src.refYear,
    });
    if (!ok) return;
    sum.indexed++;
    sum.bytes_read += f.parts.reduce((a, x) => a + x.end - x.start, 0);
    sum.records += f.parts.reduce((a, x) => a + x.records, 0);
    f.parts = [];
  }, o.workers);
}
