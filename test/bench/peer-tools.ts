// The tools the tracer benchmark compares nova-trace with — grep (the baseline, always), and
// ripgrep and lnav where installed — and the check every run of theirs must pass before its time
// is reported. A peer whose run fails (exit status, a signal, a timeout, complaints on stderr,
// or not the lines grep found) is reported as "failed: <why>", never as a time: lnav, for one,
// exits 0 with nothing on stdout when its commands are wrong.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Measured } from './measure.js';
import { toolVersion } from './measure.js';

export interface Peer {
  name: string;
  cmd: string;
  args: (id: string, dir: string) => string[];
  env?: NodeJS.ProcessEnv;
}

/** Every file under dir, sorted: lnav reads the files it is given and does not descend into folders. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath ?? (d as unknown as { path: string }).path, d.name))
    .sort();
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const GREP: Peer = { name: 'grep', cmd: 'grep', args: (id, d) => ['-rF', '--', id, d], env: { ...process.env, LC_ALL: 'C' } };

/** The peers installed here besides grep, and a version line for every peer (or why it is skipped). */
export function installedPeers(): { peers: Peer[]; versions: string[] } {
  const peers: Peer[] = [];
  const versions = [`grep: ${toolVersion('grep') ?? '?'}`];
  const rg = toolVersion('rg');
  if (rg !== null) {
    peers.push({ name: 'rg', cmd: 'rg', args: (id, d) => ['-F', '--no-config', '--no-ignore', '--hidden', '--', id, d] });
    versions.push(`rg: ${rg}`);
  } else versions.push('rg: not installed, skipped');
  const lnav = toolVersion('lnav', ['-V']);
  if (lnav !== null) {
    // Headless lnav (-n) prints its log view — every file merged by time — after the commands:
    // here the messages that match the id (a message's continuation lines come with it).
    let files: string[] | null = null;
    peers.push({ name: 'lnav', cmd: 'lnav', args: (id, d) => ['-n', '-c', `:filter-in ${escapeRegex(id)}`, ...(files ??= filesUnder(d))] });
    versions.push(`lnav: ${lnav}`);
  } else versions.push('lnav: not installed, skipped');
  return { peers, versions };
}

/** Lines of a run's stdout that contain id (the run must have kept its stdout). */
export function linesWith(m: Measured, id: string): number {
  const out = m.stdout ?? Buffer.alloc(0);
  let n = 0;
  for (let start = 0; start < out.length;) {
    const end = out.indexOf(10, start);
    const stop = end < 0 ? out.length : end;
    if (out.subarray(start, stop).includes(id)) n++;
    start = stop + 1;
  }
  return n;
}

const firstLine = (s: string) => s.trim().split('\n')[0].slice(0, 160);

/**
 * Why this run of a comparison tool cannot be reported (null: it can). `grepLines` is what grep
 * found for the same id; the peer's output must hold exactly as many lines naming the id.
 */
export function peerFailure(m: Measured, id: string, grepLines: number, timeoutS: number): string | null {
  if (m.timedOut) return `timed out after ${timeoutS} s`;
  if (m.signal !== null) return `killed by ${m.signal}`;
  const stderr = m.stderr.trim() === '' ? '' : ` (stderr: ${firstLine(m.stderr)})`;
  if (m.exitCode !== 0) return `exit status ${m.exitCode}${stderr}`;
  if (stderr !== '') return `exit status 0 but an error${stderr}`;
  const found = linesWith(m, id);
  if (found !== grepLines) return `printed ${found} line(s) naming the id, grep found ${grepLines}`;
  return null;
}

/** grep is the baseline: without a good grep run there is no ratio to report. */
export function grepFailure(m: Measured, timeoutS: number): string | null {
  if (m.timedOut) return `timed out after ${timeoutS} s`;
  if (m.exitCode !== 0) return `exit status ${m.exitCode ?? m.signal}${m.stderr.trim() ? ` (stderr: ${firstLine(m.stderr)})` : ''}`;
  if (m.stdoutLines === 0) return 'found no line';
  return null;
}
