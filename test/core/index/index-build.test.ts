// The index is incremental and safe: a second run reads nothing new, an append reads only the
// new bytes, a torn last line waits until it is complete (and the trace still finds it), a
// rotation by rename keeps the rows, a compressed generation reuses them, a copytruncate is
// read again, a deleted file's rows go, and a corrupt index file is rebuilt with a warning.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIndex } from '../../../core/index/index-build.js';
import { IndexReader } from '../../../core/index/index-reader.js';
import { KEY_REQUEST } from '../../../core/index/part-scan.js';
import { traceRequest } from '../../../core/trace/trace-request.js';

let dir: string, logs: string, index: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-index-build-'));
  logs = path.join(dir, 'logs');
  fs.mkdirSync(logs);
  index = path.join(dir, 'cache', 'index.sqlite');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const rid = (n: number) => `req-${String(n).padStart(8, '0')}-1111-2222-3333-444444444444`;
function lines(from: number, to: number, second = 0): string {
  let s = '';
  for (let n = from; n < to; n++) {
    const t = `2026-11-23 10:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}.${String(second).padStart(3, '0')}`;
    s += `${t} 4121 INFO nova.osapi_compute.wsgi.server [${rid(n)} u p - - -] 10.0.0.1 "GET /v2.1/servers/detail HTTP/1.1" status: 200 len: 1 time: 0.1\n`;
  }
  return s;
}
const build = (warn?: (m: string) => void) => buildIndex({ paths: [logs], indexFile: index, warn });
function keyFiles(key: string): string[] {
  const r = IndexReader.open(index)!;
  try {
    const files = new Map(r.files().map((f) => [f.id, f.path]));
    return r.postingsOf(key, [KEY_REQUEST]).map((p) => path.relative(logs, files.get(p.file)!)).sort();
  } finally { r.close(); }
}

describe('nova-trace index: incremental and safe', () => {
  it('reads only new bytes, and nothing on a second run', async () => {
    const api = path.join(logs, 'nova-api.log');
    fs.writeFileSync(api, lines(0, 200));
    const first = await build();
    expect(first).toMatchObject({ files: 1, indexed: 1, bytes_read: fs.statSync(api).size });
    expect((await build())).toMatchObject({ indexed: 0, unchanged: 1, bytes_read: 0 });
    const more = lines(200, 210);
    fs.appendFileSync(api, more);
    expect(await build()).toMatchObject({ indexed: 1, bytes_read: Buffer.byteLength(more) });
    expect(keyFiles(rid(205))).toEqual(['nova-api.log']);
    expect(keyFiles(rid(5))).toEqual(['nova-api.log']);
  });

  it('indexes a torn last line once it is complete, and the trace finds it meanwhile', async () => {
    const api = path.join(logs, 'nova-api.log');
    fs.writeFileSync(api, lines(0, 50));
    const whole = lines(50, 51);
    fs.appendFileSync(api, whole.slice(0, 120));
    await build();
    expect(keyFiles(rid(50))).toEqual([]);
    const plain = await traceRequest([logs], rid(49), { index: null });
    const viaIndex = await traceRequest([logs], rid(49), { index });
    expect(JSON.stringify(viaIndex.trace)).toBe(JSON.stringify(plain.trace));
    fs.appendFileSync(api, whole.slice(120));
    expect(await build()).toMatchObject({ bytes_read: Buffer.byteLength(whole) });
    expect(keyFiles(rid(50))).toEqual(['nova-api.log']);
  });

  it('follows a rotation by rename, reuses a compressed generation, drops a deleted file', async () => {
    const api = path.join(logs, 'nova-api.log');
    fs.writeFileSync(api, lines(0, 100));
    await build();
    fs.renameSync(api, `${api}.1`);
    fs.writeFileSync(api, lines(100, 120));
    const rotated = await build();
    expect(rotated).toMatchObject({ renamed: 1, indexed: 1, bytes_read: fs.statSync(api).size });
    expect(keyFiles(rid(3))).toEqual(['nova-api.log.1']);
    expect(keyFiles(rid(110))).toEqual(['nova-api.log']);
    // logrotate's delaycompress: .1 becomes .2.gz
    fs.writeFileSync(`${api}.2.gz`, zlib.gzipSync(fs.readFileSync(`${api}.1`)));
    fs.rmSync(`${api}.1`);
    const gz = await build();
    expect(gz).toMatchObject({ reused_generations: 1, bytes_read: 0, removed: 0 });
    expect(keyFiles(rid(3))).toEqual(['nova-api.log.2.gz']);
    const plain = await traceRequest([logs], rid(3), { index: null });
    const viaIndex = await traceRequest([logs], rid(3), { index });
    expect(plain.trace).not.toBeNull();
    expect(JSON.stringify(viaIndex.trace)).toBe(JSON.stringify(plain.trace));
    fs.rmSync(`${api}.2.gz`);
    expect(await build()).toMatchObject({ removed: 1 });
    expect(keyFiles(rid(3))).toEqual([]);
  });

  it('reads a copytruncated file again from the start', async () => {
    const api = path.join(logs, 'nova-api.log');
    fs.writeFileSync(api, lines(0, 100));
    await build();
    fs.writeFileSync(api, lines(500, 510)); // same inode, truncated and rewritten
    const again = await build();
    expect(again).toMatchObject({ reindexed: 1, bytes_read: fs.statSync(api).size });
    expect(keyFiles(rid(3))).toEqual([]);
    expect(keyFiles(rid(505))).toEqual(['nova-api.log']);
  });

  it('survives a build killed half-way: the next run finishes it, nothing twice', async () => {
    // Four files of ~12 MB: a child process builds, and is killed while it writes.
    for (let f = 0; f < 4; f++) {
      const fd = fs.openSync(path.join(logs, `nova-api-${f}.log`), 'w');
      for (let k = 0; k < 25; k++) fs.writeSync(fd, lines(f * 100_000 + k * 4000, f * 100_000 + (k + 1) * 4000));
      fs.closeSync(fd);
    }
    const script = `import { buildIndex } from ${JSON.stringify(path.resolve('core/index/index-build.ts'))}; await buildIndex({ paths: [${JSON.stringify(logs)}], indexFile: ${JSON.stringify(index)} });`;
    // One process (node with tsx's loader), so that the kill stops the build itself.
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'ignore', cwd: path.resolve('.') });
    // Kill it once it has committed something (the index file exists and grows), or after 3 s.
    const t0 = Date.now();
    while (Date.now() - t0 < 3000 && (fs.statSync(`${index}-wal`, { throwIfNoEntry: false })?.size ?? 0) < 1 << 20) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const after = await build();
    expect(after.files).toBe(4);
    expect(after.indexed + after.unchanged).toBe(4);
    expect(await build()).toMatchObject({ bytes_read: 0, unchanged: 4 });
    for (const n of [0, 99_999, 150_000, 399_999]) expect(keyFiles(rid(n))).toEqual([`nova-api-${Math.floor(n / 100_000)}.log`]);
    const plain = await traceRequest([logs], rid(250_000), { index: null });
    const viaIndex = await traceRequest([logs], rid(250_000), { index });
    expect(JSON.stringify(viaIndex.trace)).toBe(JSON.stringify(plain.trace));
  }, 60_000);

  it('rebuilds a corrupt index file with a warning', async () => {
    fs.writeFileSync(path.join(logs, 'nova-api.log'), lines(0, 20));
    fs.mkdirSync(path.dirname(index), { recursive: true });
    fs.writeFileSync(index, 'this is not a database, it was torn by a crash '.repeat(200));
    const warnings: string[] = [];
    const sum = await build((m) => warnings.push(m));
    expect(warnings.join('\n')).toMatch(/cannot be used.*rebuilding/);
    expect(sum.indexed).toBe(1);
    expect(keyFiles(rid(7))).toEqual(['nova-api.log']);
  });
});
