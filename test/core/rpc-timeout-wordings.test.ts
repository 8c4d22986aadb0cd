// An RPC call that got no answer, as each RPC layer says it: oslo.messaging's MessagingTimeout
// ("Timed out waiting for a reply to message ID …", Icehouse on) and, before it, the rpc module
// Nova carried from Folsom to Havana (nova.rpc, then nova.openstack.common.rpc), whose Timeout
// reads "Timeout while waiting on RPC response." and, from Grizzly, names the topic and method.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { causeFor } from '../../core/causes/catalogue.js';
import { traceRequest } from '../../core/trace/trace-request.js';

const SAMPLE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../samples/rpc-timeout');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-rpc-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('an RPC call without an answer, before oslo.messaging', () => {
  it.each([
    ['Folsom', 'Timeout: Timeout while waiting on RPC response.'],
    ['Grizzly and Havana', 'Error: Timeout while waiting on RPC response - topic: "conductor", RPC method: "instance_update" info: "<unknown>"'],
  ])('%s → rpc-timeout', (_release, text) => {
    expect(causeFor({ text })?.id).toBe('rpc-timeout');
  });

  it('the rpc-timeout sample in the Havana words still names rpc-timeout', async () => {
    const dir = path.join(tmp, 'havana');
    fs.cpSync(SAMPLE, dir, { recursive: true });
    const log = path.join(dir, 'ctl1/nova-conductor.log');
    const text = fs.readFileSync(log, 'utf8');
    const changed = text
      .replace(/MessagingTimeout: Timed out waiting for a reply to message ID \w+/g, 'Timeout: Timeout while waiting on RPC response - topic: "scheduler", RPC method: "select_destinations" info: "<unknown>"')
      .replace(/Timed out waiting for a reply to message ID \w+/g, 'Timeout while waiting on RPC response - topic: "scheduler", RPC method: "select_destinations" info: "<unknown>"');
    expect(changed).not.toMatch(/MessagingTimeout|Timed out waiting/);
    fs.writeFileSync(log, changed);
    const expected = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'expected.json'), 'utf8')) as { query: string };
    const t = (await traceRequest([dir], expected.query)).trace!;
    expect(t.verdict.status).toBe('ERROR');
    expect(t.verdict.cause?.id).toBe('rpc-timeout');
  });
});
