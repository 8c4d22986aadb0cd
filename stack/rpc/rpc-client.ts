// The client side of RPC: one ZeroMQ DEALER per topic, connected to every endpoint serving it
// (ZeroMQ round-robins between them and reconnects to a restarted server by itself).
// `call` waits for the reply up to a timeout and then raises MessagingTimeout; `cast` does not
// wait. This is the only module that builds messages; each service's rpcapi wraps it in typed
// methods.

import { randomBytes } from 'node:crypto';
import * as zmq from 'zeromq';
import { randomUUID } from 'node:crypto';
import type { OsloLogger } from '../common/oslo-logger.js';
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

/** The transport's view of the bus: whether a topic's peer is unreachable now (the bus-down fault), and where it logs. */
export interface BusState {
  unreachable(topic: string): boolean;
  log: OsloLogger;
}

/** oslo.messaging's reconnect back-off: 1 s, then 2 s more each time, at most 30 s. */
const retryDelays = function* () {
  for (let s = 1; ; s = Math.min(s + 2, 30)) yield s;
};

export class RpcClient {
  private readonly topics = new Map<string, TopicConnection>();

  constructor(
    private readonly endpointsOf: (topic: string) => string[],
    private readonly defaultTimeoutMs: number,
    private readonly bus?: BusState,
  ) {}

  /**
   * The bus does not deliver: keep trying, logging each attempt as the driver does, until it
   * delivers or the caller stops waiting (`gaveUp`).
   */
  private async sendWhenReachable(ctx: RequestContext, topic: string, frames: string[], gaveUp: () => boolean): Promise<void> {
    const conn = this.connection(topic);
    const id = randomUUID();
    const where = this.endpointsOf(topic)[0]?.replace(/^tcp:\/\//, '') ?? topic;
    for (const delay of retryDelays()) {
      if (gaveUp()) return;
      if (!this.bus?.unreachable(topic)) return conn.queue.send(frames);
      // The caller's green thread reconnects, so its request context is on the line.
      this.bus.log.error(ctx, null, `[${id}] ZeroMQ server on ${where} is unreachable: Resource temporarily unavailable. Trying again in ${delay} seconds.: zmq.error.Again: Resource temporarily unavailable`);
      await new Promise((r) => setTimeout(r, delay * 1000).unref());
    }
  }

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
      const frames = [JSON.stringify(msg)];
      const sent = this.bus?.unreachable(topic) ? this.sendWhenReachable(ctx, topic, frames, () => !conn.pending.has(msg.id)) : conn.queue.send(frames);
      sent.catch((e: Error) => {
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
