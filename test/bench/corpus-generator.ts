// Deterministic benchmark corpus: hours of a busy Nova region (1 controller, 8 computes) written
// as one folder per host, with target requests planted early, in the middle and late, and the
// ground truth of each target's trace in truth.json.
//
//   tsx test/bench/corpus-generator.ts --out DIR [--size-mib 1100] [--seed 42] [--force]
//
// Layout: DIR/logs/ctl1/nova-{api,conductor,scheduler,placement-api}.log and
// DIR/logs/cmpN/nova-compute.log (the log dir to trace and grep), DIR/truth.json, and
// DIR/corpus.json, written last: a directory whose manifest matches seed, size and format is
// reused as is. Output is byte-identical for the same seed and size (seeded PRNG, simulated
// clock, no wall-clock input). Memory stays constant: each file streams through a 4 MiB buffer.

import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startBackground } from './corpus/background.js';
import type { Tracker } from './corpus/log-file.js';
import { LogFile, NO_CTX, Totals } from './corpus/log-file.js';
import { Rng } from './corpus/prng.js';
import type { TruthEntry } from './corpus/targets.js';
import { Targets } from './corpus/targets.js';
import type { Host } from './corpus/world.js';
import { World } from './corpus/world.js';

export type { TruthEntry } from './corpus/targets.js';

/** Bump when the generated text changes, so old corpora are not reused. */
export const CORPUS_FORMAT = 6;
export const DEFAULT_SIZE_MIB = 1100;
export const DEFAULT_SEED = 42;

const SIM_START = Date.UTC(2026, 10, 23, 6, 0, 0);
/** Per-host clock error (ms): compute clocks disagree with the controller's, as in real clouds. */
const HOST_SKEW_MS = [0, 120, -80, 450, -300, 30, 0, 900];
const CONTROLLER_FILES = [
  ['ctl1/nova-api.log', 'api'],
  ['ctl1/nova-conductor.log', 'conductor'],
  ['ctl1/nova-scheduler.log', 'scheduler'],
  ['ctl1/nova-placement-api.log', 'placement'],
] as const;

export interface CorpusOptions {
  out: string;
  sizeMiB?: number;
  seed?: number;
  /** Regenerate even when a matching corpus is present. */
  force?: boolean;
  log?: (msg: string) => void;
}

export interface CorpusManifest {
  generator: 'nova-trace-bench-corpus';
  format: number;
  seed: number;
  size_mib: number;
  log_dir: string;
  bytes: number;
  lines: number;
  files: { path: string; bytes: number; lines: number }[];
  sim_start: string;
  sim_end: string;
  targets: number;
  generated_in_s: number;
}

export const logDirOf = (out: string): string => join(out, 'logs');

export function expectedFiles(): string[] {
  return [...CONTROLLER_FILES.map(([p]) => p), ...HOST_SKEW_MS.map((_, i) => `cmp${i + 1}/nova-compute.log`)];
}

export function readManifest(out: string): CorpusManifest | null {
  try {
    return JSON.parse(readFileSync(join(out, 'corpus.json'), 'utf8')) as CorpusManifest;
  } catch {
    return null;
  }
}

export function readTruth(out: string): TruthEntry[] {
  return JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8')) as TruthEntry[];
}

/** True when out holds a complete corpus for this seed and size (files present, sizes as recorded). */
export function corpusIsComplete(out: string, sizeMiB: number, seed: number): boolean {
  const m = readManifest(out);
  if (m === null || m.format !== CORPUS_FORMAT || m.seed !== seed || m.size_mib !== sizeMiB) return false;
  if (!existsSync(join(out, 'truth.json'))) return false;
  return m.files.every((f) => {
    try {
      return statSync(join(out, m.log_dir, f.path)).size === f.bytes;
    } catch {
      return false;
    }
  });
}

/** Generates the corpus unless a matching one is already there. */
export function ensureCorpus(opts: CorpusOptions): { manifest: CorpusManifest; reused: boolean } {
  const sizeMiB = opts.sizeMiB ?? DEFAULT_SIZE_MIB;
  const seed = opts.seed ?? DEFAULT_SEED;
  if (opts.force !== true && corpusIsComplete(opts.out, sizeMiB, seed)) {
    return { manifest: readManifest(opts.out) as CorpusManifest, reused: true };
  }
  return { manifest: generateCorpus({ ...opts, sizeMiB, seed }), reused: false };
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath ?? (d as unknown as { path: string }).path, d.name)));
}

export function generateCorpus(opts: CorpusOptions): CorpusManifest {
  const sizeMiB = opts.sizeMiB ?? DEFAULT_SIZE_MIB;
  const seed = opts.seed ?? DEFAULT_SEED;
  const log = opts.log ?? ((m: string) => process.stderr.write(m + '\n'));
  if (!Number.isFinite(sizeMiB) || sizeMiB <= 0) throw new Error(`--size-mib must be a positive number, got ${sizeMiB}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${seed}`);
  const started = process.hrtime.bigint();
  const out = opts.out;
  const logDir = logDirOf(out);
  const wanted = new Set(expectedFiles());
  const foreign = listFiles(logDir).filter((f) => !wanted.has(f));
  if (foreign.length > 0) throw new Error(`${logDir} holds files the generator did not write (${foreign.slice(0, 3).join(', ')}); use an empty directory`);
  mkdirSync(out, { recursive: true });
  rmSync(join(out, 'corpus.json'), { force: true });
  rmSync(join(out, 'truth.json'), { force: true });

  const totals = new Totals();
  const watch = new Map<string, Tracker>();
  const open = (rel: string) => {
    mkdirSync(join(logDir, rel, '..'), { recursive: true });
    return openSync(join(logDir, rel), 'w');
  };
  const [api, conductor, scheduler, placement] = CONTROLLER_FILES.map(
    ([rel, service]) => new LogFile(rel, service, 'ctl1', 0, open(rel), watch, totals),
  );
  const rng = new Rng(seed);
  const hosts: Host[] = HOST_SKEW_MS.map((skew, i) => {
    const name = `cmp${i + 1}`;
    const rel = `${name}/nova-compute.log`;
    return {
      name, idx: i, ip: `10.0.1.${11 + i}`, pid: String(4101 + i * 37),
      file: new LogFile(rel, 'compute', name, skew, open(rel), watch, totals),
      az: i === 7 ? 'az-edge' : 'nova', rp: rng.uuid(), serviceId: i + 1,
      periodic: { s: `[req-${rng.uuid()} - - - - -]`, noUser: true, tracker: null },
      lifecycle: { s: `[req-${rng.uuid()} - - - - -]`, noUser: true, tracker: null },
      memMb: 524288, diskGb: 3500, vcpus: 64, ramUsed: 0, diskUsed: 0, vcpuUsed: 0,
      instances: [], cachedImages: new Set<string>(), disabledReason: null, healIdx: 0, runs: 0,
    };
  });
  const w = new World(rng, { api, conductor, scheduler, placement }, hosts);
  for (const h of hosts) {
    for (let n = rng.int(45, 58); n > 0; n--) {
      const inst = w.newInstance();
      w.addInstance(h, inst);
      h.ramUsed += inst.flavor.ram;
      h.diskUsed += inst.flavor.disk;
      h.vcpuUsed += inst.flavor.vcpus;
      h.cachedImages.add(inst.image.id);
    }
  }
  writeStartup(w, SIM_START - 20_000);
  const targets = new Targets(w, watch, seed);
  startBackground(w, SIM_START);

  const totalBytes = Math.round(sizeMiB * 1048576);
  let nextReport = 0.1;
  let lastT = SIM_START;
  for (;;) {
    const ev = w.q.pop();
    if (ev === undefined) break;
    lastT = ev.t;
    ev.fn(ev.t);
    if (!w.stopping) {
      if (targets.pending > 0) targets.maybeStart(totals.bytes, totalBytes, ev.t);
      if (totals.bytes >= totalBytes && targets.pending === 0) w.stopping = true;
      if (totals.bytes >= nextReport * totalBytes) {
        log(`  ${Math.round(nextReport * 100)}% (${(totals.bytes / 1048576).toFixed(0)} MiB, simulated ${new Date(ev.t).toISOString().slice(0, 19)})`);
        nextReport += 0.1;
      }
    }
  }
  const files = [api, conductor, scheduler, placement, ...hosts.map((h) => h.file)];
  for (const f of files) f.close();

  const truth = targets.truth((m) => log(`warning: ${m}`));
  writeFileSync(join(out, 'truth.json'), JSON.stringify(truth, null, 2) + '\n');
  const manifest: CorpusManifest = {
    generator: 'nova-trace-bench-corpus', format: CORPUS_FORMAT, seed, size_mib: sizeMiB, log_dir: 'logs',
    bytes: totals.bytes, lines: totals.lines,
    files: files.map((f) => ({ path: f.rel, bytes: f.bytes, lines: f.lines })),
    sim_start: new Date(SIM_START).toISOString(), sim_end: new Date(lastT).toISOString(),
    targets: truth.length,
    generated_in_s: Number(process.hrtime.bigint() - started) / 1e9,
  };
  writeFileSync(join(out, 'corpus.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** A few service start-up lines so every file opens the way a freshly started service's does. */
function writeStartup(w: World, t: number): void {
  const { api, conductor, scheduler, placement } = w.files;
  w.at(t, (tt) => {
    for (const pid of w.apiPids) api.rec(tt, pid, 'INFO', 'nova.osapi_compute.wsgi.server', NO_CTX, null, '(' + pid + ') wsgi starting up on http://0.0.0.0:8774');
    for (const pid of w.conductorPids) conductor.rec(tt, pid, 'INFO', 'nova.service', NO_CTX, null, 'Starting conductor node (version 27.1.0)');
    scheduler.rec(tt, w.schedulerPids[0], 'INFO', 'nova.service', NO_CTX, null, 'Starting scheduler node (version 27.1.0)');
    for (const pid of w.placementPids) placement.rec(tt, pid, 'INFO', 'placement.wsgi.server', NO_CTX, null, 'Placement API started (version 8.0.0)');
    for (const h of w.hosts) {
      h.file.rec(tt, h.pid, 'INFO', 'nova.virt.driver', NO_CTX, null, "Loading compute driver 'libvirt.LibvirtDriver'");
      h.file.rec(tt + 900, h.pid, 'INFO', 'nova.service', NO_CTX, null, 'Starting compute node (version 27.1.0)');
      h.file.rec(tt + 950, h.pid, 'INFO', 'nova.virt.libvirt.host', NO_CTX, null, 'Connection event \'1\' reason \'None\'');
    }
  });
}

function parseArgs(argv: string[]): CorpusOptions {
  const opts: CorpusOptions = { out: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--out') opts.out = val();
    else if (a === '--size-mib') opts.sizeMiB = Number(val());
    else if (a === '--seed') opts.seed = Number(val());
    else if (a === '--force') opts.force = true;
    else throw new Error(`unknown argument ${a} (usage: --out DIR [--size-mib N] [--seed S] [--force])`);
  }
  if (opts.out === '') throw new Error('--out DIR is required');
  return opts;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const t0 = Date.now();
    const { manifest, reused } = ensureCorpus(opts);
    const mib = (manifest.bytes / 1048576).toFixed(1);
    process.stdout.write(reused
      ? `corpus at ${opts.out} is complete (${mib} MiB, seed ${manifest.seed}); reused\n`
      : `wrote ${mib} MiB, ${manifest.lines} lines, ${manifest.targets} targets to ${opts.out} in ${((Date.now() - t0) / 1000).toFixed(1)} s (simulated ${manifest.sim_start} → ${manifest.sim_end})\n`);
  } catch (e) {
    process.stderr.write(`corpus-generator: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
