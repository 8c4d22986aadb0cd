// One bad file never hides the rest: a directory of real logs plus a corrupt .gz (good head,
// broken middle), an empty .gz, a truncated .gz, a binary file, a FIFO and a symlink loop. The
// trace is the same as without them, and each bad file is named in a note.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import { realLogDir } from '../helpers/real-logs.js';

const T57 = realLogDir('fi-pike-nova-t57');
const ID = 'req-c45dffa8-4409-4294-bffa-67d21cefec5c';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-hostile-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

it('traces through corrupt, empty, truncated and binary files, FIFOs and symlink loops, naming what it skipped', async () => {
  for (const f of fs.readdirSync(T57)) if (f.startsWith('nova-')) fs.copyFileSync(path.join(T57, f), path.join(tmp, f));
  const gz = zlib.gzipSync(fs.readFileSync(path.join(T57, 'nova-compute.log.1')));
  const corrupt = Buffer.from(gz);
  for (let i = Math.floor(corrupt.length / 2); i < Math.floor(corrupt.length / 2) + 64; i++) corrupt[i] ^= 0xff;
  fs.writeFileSync(path.join(tmp, 'nova-compute.log.3.gz'), corrupt);
  fs.writeFileSync(path.join(tmp, 'nova-compute.log.4.gz'), Buffer.alloc(0));
  fs.writeFileSync(path.join(tmp, 'nova-compute.log.5.gz'), gz.subarray(0, Math.floor(gz.length / 3)));
  fs.writeFileSync(path.join(tmp, 'core.dump'), Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256)));
  execFileSync('mkfifo', [path.join(tmp, 'nova-api.fifo')]);
  fs.mkdirSync(path.join(tmp, 'loop'));
  fs.symlinkSync('..', path.join(tmp, 'loop', 'up'));

  const { trace, skipped } = await traceRequest([tmp], ID);
  expect(trace!.verdict.status).toBe('ERROR');
  expect(trace!.verdict.cause?.id).toBe('vif-plug-timeout');
  const names = skipped.map((s) => path.basename(s.path));
  expect(names).toEqual(expect.arrayContaining(['nova-compute.log.4.gz', 'core.dump']));
  expect(skipped.find((s) => s.path.endsWith('up'))?.reason).toMatch(/symlink loop/);
  // The corrupt rotation's head is fine, its middle is not: found at search time, named, skipped.
  expect(trace!.warnings.some((w) => /nova-compute\.log\.3\.gz.*not a readable gzip file/.test(w))).toBe(true);
});
