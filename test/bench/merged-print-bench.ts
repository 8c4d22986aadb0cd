// Benchmark of the merged print (`nova-trace tail --no-follow`, issue 15 §1) on the ≥ 1 GiB
// corpus: the fast path, the parsing path it replaced (NOVA_TRACE_PRINT=reference, the
// "before"), and `sort -m` on the same files — each run under /usr/bin/time (wall, user, sys,
// peak RSS) with stdout into a file. Every run's output is checked before its time is shown:
// nova-trace's against the reference output byte for byte, sort -m's against the files' lines
// merged here in byte order. Target: ≤ 8 s per GiB.
//
//   npm run bench:print [-- --runs 3] [--size-mib 1100] [--seed 42]   (NOVA_TRACE_BENCH_DIR to choose the corpus folder)

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, DEFAULT_SIZE_MIB, ensureCorpus, logDirOf } from './corpus-generator.js';
import { median, option, toolVersion } from './measure.js';
import { filesUnder } from './peer-tools.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(REPO, 'dist/nova-trace.js');
const TIME = '/usr/bin/time';

const SIZE = option('--size-mib', DEFAULT_SIZE_MIB), SEED = option('--seed', DEFAULT_SEED), RUNS = option('--runs', 3);
const say = (s: string) => process.stderr.write(`${s}\n`);
const out = (s: string) => process.stdout.write(`${s}\n`);

interface Run { wall: number; user: number; sys: number; rssMb: number }
type Result = { runs: Run[] } | { failed: string };

/** One run under GNU time, stdout into `file`. */
function timed(cmd: string, args: string[], file: string, env: NodeJS.ProcessEnv): Promise<Run | { failed: string }> {
  const times = `${file}.time`;
  const fd = openSync(file, 'w');
  return new Promise((done) => {
    const child = spawn(TIME, ['-f', '%e %U %S %M', '-o', times, cmd, ...args], { stdio: ['ignore', fd, 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { if (stderr.length < 4096) stderr += c.toString('utf8'); });
    child.on('close', (code) => {
      closeSync(fd);
      const last = readFileSync(times, 'utf8').trim().split('\n').pop() ?? '';
      const m = /^([\d.]+) ([\d.]+) ([\d.]+) (\d+)$/.exec(last);
      const complaint = stderr.split('\n').find((l) => l.trim() !== '' && !/^nova-trace: skipped /.test(l));
      if (code !== 0 || !m) done({ failed: `exit status ${code}: ${(complaint ?? last).slice(0, 160)}` });
      else if (complaint) done({ failed: `stderr: ${complaint.slice(0, 160)}` });
      else done({ wall: Number(m[1]), user: Number(m[2]), sys: Number(m[3]), rssMb: Number(m[4]) / 1024 });
    });
  });
}

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
}

/** One file's lines (without their line break), read in 1 MiB chunks. */
class Lines {
  private readonly fd: number;
  private buf = Buffer.alloc(0);
  private pos = 0;
  private eof = false;
  line: Buffer | null = null;

  constructor(file: string) { this.fd = openSync(file, 'r'); this.next(); }

  next(): void {
    for (;;) {
      const nl = this.buf.indexOf(10, this.pos);
      if (nl >= 0) { this.line = this.buf.subarray(this.pos, nl); this.pos = nl + 1; return; }
      if (this.eof) {
        this.line = this.pos < this.buf.length ? this.buf.subarray(this.pos) : null;
        this.pos = this.buf.length;
        if (this.line === null) closeSync(this.fd);
        return;
      }
      const chunk = Buffer.allocUnsafe(1 << 20);
      const n = readSync(this.fd, chunk, 0, chunk.length, null);
      if (n === 0) this.eof = true;
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk.subarray(0, n)]);
      this.pos = 0;
    }
  }
}

/** What `sort -m` (LC_ALL=C) must write for these files: their lines merged in byte order, as a hash. */
function mergeHash(files: string[]): string {
  const h = createHash('sha256');
  const nl = Buffer.from('\n');
  let heads = files.map((f) => new Lines(f)).filter((l) => l.line !== null);
  while (heads.length > 0) {
    let best = heads[0];
    let second: Lines | null = null;
    for (let k = 1; k < heads.length; k++) {
      const x = heads[k];
      if (Buffer.compare(x.line!, best.line!) < 0) { second = best; best = x; } else if (second === null || Buffer.compare(x.line!, second.line!) < 0) second = x;
    }
    do {
      h.update(best.line!);
      h.update(nl);
      best.next();
    } while (best.line !== null && (second === null || Buffer.compare(best.line, second.line!) <= 0));
    if (best.line === null) heads = heads.filter((x) => x !== best);
  }
  return h.digest('hex');
}

async function main(): Promise<void> {
  const corpusDir = process.env.NOVA_TRACE_BENCH_DIR ?? join(tmpdir(), `nova-trace-bench-${SIZE}-${SEED}`);
  const { manifest } = ensureCorpus({ out: corpusDir, sizeMiB: SIZE, seed: SEED, log: say });
  const logs = logDirOf(corpusDir);
  const files = filesUnder(logs);
  const GiB = manifest.bytes / 2 ** 30;
  const work = mkdtempSync(join(tmpdir(), 'nt-print-bench-'));
  const env = { ...process.env, LC_ALL: 'C' };
  const tail = ['tail', '--no-follow', '--log-dir', logs];
  try {
    say(`corpus: ${logs}, ${(manifest.bytes / 1e6).toFixed(0)} MB in ${files.length} files; node ${process.version}; ${toolVersion('sort') ?? 'sort ?'}`);
    const refFile = join(work, 'reference.txt');
    say('the parsing path (reference)…');
    const ref = await timed(process.execPath, [CLI, ...tail], refFile, { ...env, NOVA_TRACE_PRINT: 'reference' });
    if ('failed' in ref) throw new Error(`the reference run failed: ${ref.failed}`);
    const refHash = await sha256(refFile);
    const refBytes = statSync(refFile).size;
    rmSync(refFile);
    const results: [string, Result][] = [['nova-trace (parsing path, before)', { runs: [ref] }]];
    let mergeOf: string | null = null;
    const peers: [string, string, string[], (f: string) => Promise<string | null>][] = [
      ['nova-trace tail --no-follow', process.execPath, [CLI, ...tail], async (f) => (statSync(f).size === refBytes && await sha256(f) === refHash ? null : 'not the reference output')],
      ['sort -m (LC_ALL=C)', 'sort', ['-m', ...files], async (f) => (await sha256(f) === (mergeOf ??= mergeHash(files)) ? null : 'not the merge of the files\' lines')],
    ];
    for (const [name, cmd, args, check] of peers) {
      const runs: Run[] = [];
      let failed: string | null = null;
      for (let k = 0; k < RUNS && failed === null; k++) {
        say(`${name}, run ${k + 1}/${RUNS}…`);
        const f = join(work, 'out.txt');
        const r = await timed(cmd, args, f, env);
        failed = 'failed' in r ? r.failed : await check(f);
        rmSync(f, { force: true });
        if (!('failed' in r) && failed === null) runs.push(r);
      }
      results.push([name, failed === null ? { runs } : { failed }]);
    }
    const wallOf = (r: Result) => ('runs' in r ? median(r.runs.map((x) => x.wall)) : NaN);
    const sortWall = wallOf(results[2][1]);
    out(`\nnova-trace merged print — ${(manifest.bytes / 1e6).toFixed(0)} MB (${GiB.toFixed(2)} GiB) in ${files.length} files, stdout into a file, medians of ${RUNS} run(s) (the reference: 1 run)`);
    out('| what | wall | user | sys | s/GiB (wall) | × sort -m | peak RSS | runs (wall) |');
    out('|---|---|---|---|---|---|---|---|');
    for (const [name, r] of results) {
      if ('failed' in r) { out(`| ${name} | failed: ${r.failed} | | | | | | |`); continue; }
      const m = (f: (x: Run) => number) => median(r.runs.map(f));
      const w = m((x) => x.wall);
      out(`| ${name} | ${w.toFixed(2)} s | ${m((x) => x.user).toFixed(2)} s | ${m((x) => x.sys).toFixed(2)} s | ${(w / GiB).toFixed(2)} | ${Number.isNaN(sortWall) ? '-' : (w / sortWall).toFixed(2)} | ${m((x) => x.rssMb).toFixed(0)} MB | ${r.runs.map((x) => x.wall.toFixed(2)).join(', ')} |`);
    }
    out('\ntarget: ≤ 8 s/GiB');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: Error) => { process.stderr.write(`merged print benchmark failed: ${e.stack ?? e.message}\n`); process.exitCode = 1; });
