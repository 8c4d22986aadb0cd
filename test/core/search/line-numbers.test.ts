// Line numbers by byte offset: against a plain count, on a file whose lines cross the reader's
// 1 MiB buffer in every way (a break as the buffer's last byte, a line longer than a buffer).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { lineNumbersAt } from '../../../core/search/line-numbers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-line-numbers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function makeLines(): string[] {
  const lines: string[] = [];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  let size = 0;
  const add = (len: number) => { lines.push('x'.repeat(len)); size += len + 1; };
  // Short lines up to a break that is the first buffer's last byte, then a line longer than a buffer.
  while (size < (1 << 20) - 400) add(next() % 300);
  add((1 << 20) - size - 1);
  add((1 << 20) + 17);
  while (size < 3.5 * (1 << 20)) add(next() % 300);
  return lines;
}

describe('lineNumbersAt', () => {
  const lines = makeLines();
  const text = lines.join('\n') + '\n';
  const starts: number[] = [];
  for (let i = 0, off = 0; i < lines.length; off += lines[i].length + 1, i++) starts.push(off);
  const plain = path.join(dir, 'a.log');
  fs.writeFileSync(plain, text);
  const gz = path.join(dir, 'a.log.gz');
  fs.writeFileSync(gz, zlib.gzipSync(text));

  it.each([[plain, false], [gz, true]])('gives every line start its number (%s)', (file, gzip) => {
    const ask = starts.filter((_, i) => i % 97 === 0 || i === starts.length - 1 || i < 3);
    const got = lineNumbersAt(file as string, gzip as boolean, [...ask].reverse());
    for (const off of ask) expect(got.get(off), `offset ${off}`).toBe(starts.indexOf(off) + 1);
  });

  it('numbers the lines around the buffer boundary and after a line longer than a buffer', () => {
    const i = starts.indexOf(1 << 20);
    expect(i).toBeGreaterThan(0);
    for (const k of [i - 1, i, i + 1, i + 2]) expect(lineNumbersAt(plain, false, [starts[k]]).get(starts[k])).toBe(k + 1);
  });
});
