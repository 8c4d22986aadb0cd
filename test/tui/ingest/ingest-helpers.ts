// Shared by the ingest tests: temp log dirs, Nova-style lines carrying a sequence number, and a
// collector of onBatch output with a bounded wait.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IngestRecord } from '../../../tui/model/types.js';

export const REQ = 'req-1b2c3d4e-0000-4000-8000-000000000001';
export const INST = '93922371-2c67-4c94-98e4-76d4945efb9a';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nova-ingest-'));
}

export function removeDir(d: string): void {
  fs.rmSync(d, { recursive: true, force: true });
}

function stamp(seq: number): string {
  const ms = 1_000 + seq; // one millisecond apart, stays within the same day
  const s = Math.floor(ms / 1000), frac = String(ms % 1000).padStart(3, '0');
  const hh = String(10 + Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `2026-11-23 ${hh}:${mm}:${ss}.${frac}`;
}

/** An oslo.log INFO line whose message ends with `seq=N`. */
export function infoLine(seq: number, pid = 2841): string {
  return `${stamp(seq)} ${pid} INFO nova.compute.manager [${REQ} admin demo] [instance: ${INST}] Claim successful on node cmp1 seq=${seq}`;
}

/** An ERROR record with an n-line traceback (traceback lines carry seq=N.k). */
export function errorWithTraceback(seq: number, n: number, pid = 2841): string[] {
  const head = `${stamp(seq)} ${pid} ERROR nova.compute.manager [${REQ} admin demo] [instance: ${INST}] Instance failed to spawn seq=${seq}`;
  const tb = [`${stamp(seq)} ${pid} ERROR nova.compute.manager [instance: ${INST}] Traceback (most recent call last): seq=${seq}.0`];
  for (let k = 1; k < n; k++) tb.push(`${stamp(seq)} ${pid} ERROR nova.compute.manager [instance: ${INST}]   File "x.py", line ${k} seq=${seq}.${k}`);
  return [head, ...tb];
}

export function lines(...ls: string[]): string {
  return ls.map((l) => l + '\n').join('');
}

export function append(file: string, text: string): void {
  fs.appendFileSync(file, text);
}

/** Sequence tags of every line of a record, in order. */
export function seqsOf(r: IngestRecord): string[] {
  const out: string[] = [];
  for (const m of r.bytes.toString('utf8').matchAll(/seq=(\d+(?:\.\w+)?)/g)) out.push(m[1]);
  return out;
}

export class Collector {
  readonly live: IngestRecord[] = [];
  readonly history: IngestRecord[] = [];
  readonly batches: { kind: 'live' | 'history'; size: number }[] = [];
  readonly onBatch = (records: IngestRecord[], kind: 'live' | 'history'): void => {
    this.batches.push({ kind, size: records.length });
    (kind === 'live' ? this.live : this.history).push(...records);
  };

  all(): IngestRecord[] {
    return [...this.history, ...this.live];
  }

  /** Every seq tag seen, counted: a tag seen twice is a duplicate. */
  seqCounts(): Map<string, number> {
    const m = new Map<string, number>();
    for (const r of this.all()) for (const s of seqsOf(r)) m.set(s, (m.get(s) ?? 0) + 1);
    return m;
  }

  hasSeq(seq: number | string): boolean {
    return this.seqCounts().has(String(seq));
  }

  async waitFor(pred: () => boolean, ms = 3000): Promise<void> {
    const until = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > until) throw new Error('timed out waiting for records');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Wait until seqs [from, to] each arrived; then check none arrived twice. */
  async waitForSeqs(from: number, to: number, ms = 3000): Promise<void> {
    await this.waitFor(() => {
      const c = this.seqCounts();
      for (let i = from; i <= to; i++) if (!c.has(String(i))) return false;
      return true;
    }, ms);
  }

  duplicates(): string[] {
    return [...this.seqCounts()].filter(([, n]) => n > 1).map(([s]) => s);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
