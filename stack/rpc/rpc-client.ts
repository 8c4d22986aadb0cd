// The client side of RPC: one ZeroMQ DEALER per topic, connected to every endpoint serving it
// (ZeroMQ round-robins between them and reconnects to a restarted server by itself).
// `call` waits for the reply up to a timeout and then raises MessagingTimeout; `cast` does not
// wait. This is the only module that builds messages; each service's rpcapi wraps it in typed
// methods.

import { randomBytes } from 'node:crypto';
import * as zmq from 'zeromq';
import type { RequestContext } from '../common/request-context.js';
import type { RpcMessage, RpcReply } from './envelope.js';
import { fromWire, MessagingTimeout } from './messaging-errors.js';
import { SendQueue } from './send-queue.js';

interface Pending { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }

class TopicConnection {
  readonly dealer = new zmq.Dealer({ linger: 0 });
  readonly queue = new SendQueue((f) => this.dealer.send(f));
  readonly pending = new Map<string, Pending>();

  constructor(endpoints: readonly string[]) {
    for (const e of endpoints) this.dealer.connect(e);
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      for await (const [payload] of this.dealer) {
        let reply: RpcReply;
        try {
          reply = JSON.parse(payload.toString('utf8')) as RpcReply;
        } catch {
          continue;
        }
        const p = this.pending.get(reply.id);
        if (!p) continue; // the caller timed out already
        this.pending.delete(reply.id);
        clearTimeout(p.timer);
        if (reply.ok) p.resolve(reply.result);
        else p.reject(fromWire(reply.error!));
      }
    } catch {
      // socket closed
    }
  }
}

export interface CallOptions { timeoutMs?: number }

export class RpcClient {
  private readonly topics = new Map<string, TopicConnection>();

  constructor(
    private readonly endpointsOf: (topic: string) => string[],
    private readonly defaultTimeoutMs: number,
  ) {}

  private connection(topic: string): TopicConnection {
    let c = this.topics.get(topic);
    if (!c) this.topics.set(topic, (c = new TopicConnection(this.endpointsOf(topic))));
    return c;
  }

  private envelope(kind: 'call' | 'cast', topic: string, version: string, method: string, ctx: RequestContext, args: Record<string, unknown>): RpcMessage {
    return { id: randomBytes(16).toString('hex'), kind, topic, method, version, context: ctx, args };
  }

  call<T>(topic: string, version: string, method: string, ctx: RequestContext, args: Record<string, unknown>, opts: CallOptions = {}): Promise<T> {
    const conn = this.connection(topic);
    const msg = this.envelope('call', topic, version, method, ctx, args);
    const timeoutMs = opts.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        conn.pending.delete(msg.id);
        reject(new MessagingTimeout(msg.id, topic, method));
      }, timeoutMs);
      conn.pending.set(msg.id, { resolve: resolve as (v: unknown) => void, reject, timer });
      conn.queue.send([JSON.stringify(msg)]).catch((e: Error) => {
        conn.pending.delete(msg.id);
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  async cast(topic: string, version: string, method: string, ctx: RequestContext, args: Record<string, unknown>): Promise<void> {
    await this.connection(topic).queue.send([JSON.stringify(this.envelope('cast', topic, version, method, ctx, args))]);
  }

  close(): void {
    for (const c of this.topics.values()) {
      for (const p of c.pending.values()) clearTimeout(p.timer);
      c.dealer.close();
    }
    this.topics.clear();
  }
}
