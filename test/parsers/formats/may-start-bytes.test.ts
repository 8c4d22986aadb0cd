// A format's mayStartBytes must answer as its mayStart does on the line's latin1 text: the
// record scanner asks the byte form, the line parser the string form.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../../parsers/formats/index.js';
import { REAL_LOGS } from '../../helpers/real-logs.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples');

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : /\.gz$/.test(e.name) ? [] : [p];
  });
}

const HAND_MADE = [
  '', '2', '2019-02-20T10:17:40+0000', '2019-02-20T10:17:40+0000 ', '2019-02-20T10:17:40+0000 h',
  '2019-02-20T10:17:40.123456+00:00 cmp1 nova-compute[21375]: INFO nova.x [-] m',
  '2019-02-20 10:17:40.123 21375 INFO nova.x [-] m', 'x019-02-20T10:17:40+0000 cmp1 p[1]: INFO l m',
  '2019-02-20T10:17:40+0000 cmp1 \u00e9t\u00e9[1]: INFO l m', 'Feb 20 10:17:40 cmp1 nova-compute[1]: INFO l m',
  `2019-02-20T10:17:40+0000 ${'x'.repeat(400)}`,
];

describe('LogFormat.mayStartBytes', () => {
  const withBytes = FORMATS.filter((f) => f.mayStartBytes);

  it('exists for the formats the scanner asks of every headerless line', () => {
    expect(withBytes.map((f) => f.name)).toContain('journald-iso');
  });

  it('answers as mayStart on every sample, real-log and hand-made line', () => {
    const bufs = [...filesUnder(SAMPLES), ...filesUnder(REAL_LOGS)].map((f) => fs.readFileSync(f));
    bufs.push(Buffer.from(HAND_MADE.join('\n'), 'utf8'));
    let lines = 0, starts = 0;
    for (const b of bufs) {
      let s = 0;
      while (s <= b.length) {
        let nl = b.indexOf(10, s);
        if (nl < 0) nl = b.length;
        for (const f of withBytes) {
          for (const e of [nl, Math.min(nl, s + 26), Math.min(nl, s + 25)]) {
            const want = f.mayStart(b.toString('latin1', s, e));
            if (f.mayStartBytes!(b, s, e) !== want) expect({ format: f.name, line: b.toString('latin1', s, e), bytes: !want }).toEqual({ format: f.name, line: b.toString('latin1', s, e), bytes: want });
            if (want) starts++;
          }
        }
        lines++;
        s = nl + 1;
      }
    }
    expect(lines).toBeGreaterThan(30_000);
    expect(starts).toBeGreaterThan(0);
  });
});
