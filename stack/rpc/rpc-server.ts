// The server side of RPC: a ZeroMQ ROUTER bound on the service's loopback port, dispatching
// each message to the handler registered for its topic and method. Calls get a reply; casts
// do not. Unexpected handler failures are logged as oslo.messaging does ("Exception during
// message handling") with their traceback; expected ones (ExpectedError) only travel back.

import * as zmq from 'zeromq';
import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { RpcMessage, RpcReply } from './envelope.js';
import { ExpectedError, toWire } from './messaging-errors.js';
import { SendQueue } from './send-queue.js';

export type Handler = (ctx: RequestContext, args: Record<string, unknown>) => Promise<unknown> | unknown;

export interface TopicApi {
  topic: string;
  version: string;
  handlers: Record<string, Handler>;
}

export class RpcServer {
  private readonly router = new zmq.Router({ linger: 0 });
  private readonly queue = new SendQueue((f) => this.router.send(f));
  private readonly apis = new Map<string, TopicApi>();
  private closed = false;

  constructor(private readonly log: OsloLogger) {}

  serve(api: TopicApi): void {
    this.apis.set(api.topic, api);
  }

  async bind(endpoint: string): Promise<void> {
    await this.router.bind(endpoint);
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      for await (const [identity, payload] of this.router) {
        void this.dispatch(identity, payload);
      }
    } catch (e) {
      if (!this.closed) throw e;
    }
  }

  private async dispatch(identity: Buffer, payload: Buffer): Promise<void> {
    let msg: RpcMessage;
    try {
      msg = JSON.parse(payload.toString('utf8')) as RpcMessage;
    } catch {
      this.log.error(null, null, `Failed to parse RPC message of ${payload.length} bytes; dropped`);
      return;
    }
    const reply = (r: RpcReply) => (msg.kind === 'call' ? this.queue.send([identity, JSON.stringify(r)]).catch(() => undefined) : undefined);
    const api = this.apis.get(msg.topic);
    const handler = api?.handlers[msg.method];
    if (!api || !handler) {
      const err = new ExpectedError('UnsupportedVersion', `Endpoint does not support RPC method ${msg.method} on topic ${msg.topic}`);
      this.log.error(msg.context, null, `Exception during message handling: ${err.message}`);
      return void reply({ id: msg.id, ok: false, error: toWire(err) });
    }
    if (api.version.split('.')[0] !== msg.version.split('.')[0]) {
      const err = new ExpectedError('UnsupportedVersion', `Endpoint does not support RPC version ${msg.version}. Attempted method: ${msg.method}`);
      this.log.error(msg.context, null, `Exception during message handling: ${err.message}`);
      return void reply({ id: msg.id, ok: false, error: toWire(err) });
    }
    try {
      const result = await handler(msg.context, msg.args);
      await reply({ id: msg.id, ok: true, result: result ?? null });
    } catch (e) {
      const wire = toWire(e);
      if (!wire.expected) {
        // Python prints an exception without a message as its class alone.
        const excLine = wire.message ? `${wire.excClass}: ${wire.message}` : wire.excClass;
        this.log.exception(msg.context, null, `Exception during message handling: ${excLine}`,
          ['Traceback (most recent call last):', ...wire.traceback.map((l) => `  ${l}`), excLine]);
      }
      await reply({ id: msg.id, ok: false, error: wire });
    }
  }

  close(): void {
    this.closed = true;
    this.router.close();
  }
}
