// The traces every exporter test runs on: each bundled sample (its expected.json query), a real
// Pike boot that fails after a 300 s vif-plug wait, a real Juno live migration (an operation's
// stages) and a real API request with no stage model (a per-service timeline).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { traceRequest } from '../../../core/trace/trace-request.js';
import type { Trace } from '../../../core/trace/trace-types.js';
import { realLogDir } from '../../helpers/real-logs.js';

export const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples');
export const T57 = { dir: realLogDir('fi-pike-nova-t57'), query: 'req-c45dffa8-4409-4294-bffa-67d21cefec5c' };
export const LIVE_MIGRATION = { dir: realLogDir('osp6-juno-live-migration'), query: 'req-4b3cdd21-f6ba-4b00-be58-07a1414717ea' };
export const LIST_SERVERS = { dir: realLogDir('loghub-openstack-2k'), query: 'req-38101a0b-2096-447d-96ea-a692162415ae' };

export const CASES: { name: string; dir: string; query: string }[] = [
  ...fs.readdirSync(SAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(SAMPLES, d.name, 'expected.json')))
    .map((d) => ({ name: d.name, dir: path.join(SAMPLES, d.name), query: JSON.parse(fs.readFileSync(path.join(SAMPLES, d.name, 'expected.json'), 'utf8')).query as string })),
  { name: 'real: fi-pike-nova-t57', ...T57 },
  { name: 'real: osp6-juno-live-migration', ...LIVE_MIGRATION },
  { name: 'real: loghub list servers', ...LIST_SERVERS },
];

export async function loadTraces(): Promise<Map<string, Trace>> {
  const out = new Map<string, Trace>();
  for (const c of CASES) {
    const { trace } = await traceRequest([c.dir], c.query, { workers: 1 });
    if (!trace) throw new Error(`${c.name}: no trace for ${c.query}`);
    out.set(c.name, trace);
  }
  return out;
}
