// NoValidHost with room on every host: the computes' own lines when their service was disabled
// ('Adding trait COMPUTE_STATUS_DISABLED to compute node resource provider …', Train and later)
// explain it when the API's log shows only `PUT /v2.1/os-services/<id>` (microversion 2.53+).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples/compute-disabled');
const REQ = 'req-5e9b3d7f-1a6c-4e82-b0d4-8f2a6c0e4b19';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-cdt-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('computes disabled through microversion 2.53+', () => {
  it('names compute-disabled from the trait the computes added', async () => {
    const t = (await traceRequest([SAMPLE], REQ)).trace!;
    expect(t.verdict.cause?.id).toBe('compute-disabled');
    expect(t.verdict.placement!.limiting).toMatchObject({ kind: 'trait', name: 'COMPUTE_STATUS_DISABLED' });
    expect(t.verdict.placement!.limiting!.detail).toContain('compute2: Adding trait COMPUTE_STATUS_DISABLED');
  });

  it('does not when the computes removed the trait again (services re-enabled)', async () => {
    for (const rel of fs.readdirSync(SAMPLE, { recursive: true }) as string[]) {
      const from = path.join(SAMPLE, rel);
      if (!fs.statSync(from).isFile() || !rel.endsWith('.json') || rel === 'expected.json') continue;
      fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
      fs.writeFileSync(path.join(tmp, rel), fs.readFileSync(from, 'utf8').replaceAll('Adding trait COMPUTE_STATUS_DISABLED to', 'Removing trait COMPUTE_STATUS_DISABLED from'));
    }
    const t = (await traceRequest([tmp], REQ)).trace!;
    expect(t.verdict.cause?.id).not.toBe('compute-disabled');
    expect(t.verdict.placement!.unexplained).toContain('yet placement\'s answer was empty');
  });

  it('computes logging at INFO: the API\'s PUT on a service uuid is named, saying it does not tell disabled from enabled', async () => {
    const dir = path.join(tmp, 'info');
    for (const rel of fs.readdirSync(SAMPLE, { recursive: true }) as string[]) {
      const from = path.join(SAMPLE, rel);
      if (!fs.statSync(from).isFile() || !rel.endsWith('.json') || rel === 'expected.json') continue;
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      const kept = fs.readFileSync(from, 'utf8').split('\n').filter((l) => !l.includes('trait COMPUTE_STATUS_DISABLED'));
      fs.writeFileSync(path.join(dir, rel), kept.join('\n'));
    }
    const t = (await traceRequest([dir], REQ)).trace!;
    expect(t.verdict.cause?.id).toBe('compute-disabled');
    expect(t.verdict.placement!.limiting!.detail).toMatch(/PUT \/v2\.1\/os-services\/[0-9a-f-]{36}.*whether it was disabled, the API's log does not say/);
  });
});
