// RPC over real ZeroMQ sockets on loopback: call/cast, errors as values, timeouts, restarts.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSink, OsloLogger } from '../../stack/common/oslo-logger.js';
import { userContext } from '../../stack/common/request-context.js';
import { RpcClient } from '../../stack/rpc/rpc-client.js';
import { RpcServer, type TopicApi } from '../../stack/rpc/rpc-server.js';
import { ExpectedError, MessagingTimeout, RemoteError } from '../../stack/rpc/messaging-errors.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-stack-rpc-'));
const log = new OsloLogger('oslo_messaging.rpc.server', new FileSink(path.join(tmp, 'server.log')));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const casts: string[] = [];
const api: TopicApi = {
  topic: 'scheduler', version: '4.0',
  handlers: {
    echo: (ctx, args) => ({ requestId: ctx.requestId, args }),
    remember: (_ctx, args) => { casts.push(String(args.x)); },
    no_host: () => { throw new ExpectedError('NoValidHost', 'No valid host was found. There are not enough hosts available.'); },
    crash: () => { throw new TypeError('boom'); },
    slow: () => new Promise((r) => setTimeout(r, 2000)),
  },
};

describe('RPC over ZeroMQ', () => {
  it('carries calls, casts, context and errors, times out, and reaches a restarted server', async () => {
    const port = await freePort();
    const endpoint = `tcp://127.0.0.1:${port}`;
    let server = new RpcServer(log);
    server.serve(api);
    await server.bind(endpoint);
    const client = new RpcClient(() => [endpoint], 1000);
    const ctx = userContext('u1', 'p1', ['member']);
    try {
      await expect(client.call('scheduler', '4.0', 'echo', ctx, { a: 1 })).resolves.toEqual({ requestId: ctx.requestId, args: { a: 1 } });

      await client.cast('scheduler', '4.0', 'remember', ctx, { x: 'one' });
      await expect.poll(() => casts).toEqual(['one']);

      const noHost = await client.call('scheduler', '4.0', 'no_host', ctx, {}).catch((e) => e);
      expect(noHost).toBeInstanceOf(ExpectedError);
      expect(noHost).toMatchObject({ excClass: 'NoValidHost', message: 'No valid host was found. There are not enough hosts available.' });

      const crash = await client.call('scheduler', '4.0', 'crash', ctx, {}).catch((e) => e);
      expect(crash).toBeInstanceOf(RemoteError);
      expect(crash).toMatchObject({ excClass: 'TypeError', message: 'boom', name: 'TypeError_Remote' });

      const old = await client.call('scheduler', '3.2', 'echo', ctx, {}).catch((e) => e);
      expect(old).toMatchObject({ excClass: 'UnsupportedVersion' });

      const slow = await client.call('scheduler', '4.0', 'slow', ctx, {}, { timeoutMs: 200 }).catch((e) => e);
      expect(slow).toBeInstanceOf(MessagingTimeout);
      expect(slow.message).toMatch(/^Timed out waiting for a reply to message ID [0-9a-f]{32}$/);

      // The server dies and comes back on the same port: the same client reaches it again.
      server.close();
      await new Promise((r) => setTimeout(r, 100));
      server = new RpcServer(log);
      server.serve(api);
      await server.bind(endpoint);
      await expect(client.call('scheduler', '4.0', 'echo', ctx, { again: true }, { timeoutMs: 3000 })).resolves.toMatchObject({ args: { again: true } });
    } finally {
      client.close();
      server.close();
      log.flush();
    }
    const written = fs.readFileSync(path.join(tmp, 'server.log'), 'utf8');
    expect(written).toContain(`ERROR oslo_messaging.rpc.server [None ${ctx.requestId} u1 p1 - - default default] Exception during message handling: TypeError: boom`);
    expect(written).not.toContain('NoValidHost');
  });
});
