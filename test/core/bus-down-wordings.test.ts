// The message bus as each oslo.messaging says it is gone: "AMQP server on … is unreachable" (the
// reconnect loop), "Connection failed: … (retrying in N seconds)" (ensure_connection), or
// "The broker has blocked the connection" (RabbitMQ's memory or disk alarm), "AMQP server … closed
// the connection. Check login credentials" (a login it refuses). Whichever a release writes, it
// explains the RPC that got no answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';

const SAMPLE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../samples/bus-down');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-bus-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const UNREACHABLE = /\[[0-9a-f-]{36}\] AMQP server on (\S+) is unreachable: (.*?)\. Trying again in (\d+) seconds\.(: .*)?$/gm;

describe('the bus down, in other words', () => {
  it.each([
    ['ensure_connection', (_m: string, _host: string, why: string, secs: string) => `Connection failed: ${why} (retrying in ${secs}.0 seconds)`],
    ['a broker alarm', () => 'The broker has blocked the connection: low on memory'],
    // Kilo on: the broker drops the socket of a login it refuses (user, password or vhost).
    ['the login refused', (m: string, host: string) => `${m.slice(0, m.indexOf('] ') + 2)}AMQP server ${host} closed the connection. Check login credentials: Socket closed`],
    ['a broker name that does not resolve', (_m: string, _host: string, _why: string, secs: string) => `Connection failed: [Errno -2] Name or service not known (retrying in ${secs}.0 seconds)`],
  ])('%s: still bus-down', async (name, say) => {
    const dir = path.join(tmp, name.replace(/\W+/g, '-'));
    fs.cpSync(SAMPLE, dir, { recursive: true });
    for (const file of ['ctl1/kolla/nova/nova-api.log', 'ctl1/kolla/nova/nova-scheduler.log', 'ctl1/kolla/nova/nova-conductor.log', 'cmp1/kolla/nova/nova-compute.log']) {
      const log = path.join(dir, file);
      const text = fs.readFileSync(log, 'utf8');
      const changed = text.replace(UNREACHABLE, say as (...a: string[]) => string);
      expect(changed, file).not.toBe(text);
      expect(changed, file).not.toMatch(/is unreachable/);
      fs.writeFileSync(log, changed);
    }
    const expected = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'expected.json'), 'utf8')) as { query: string };
    const t = (await traceRequest([dir], expected.query)).trace!;
    expect(t.verdict.cause?.id).toBe('bus-down');
  });
});
