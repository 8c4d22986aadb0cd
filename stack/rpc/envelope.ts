// What travels on the wire: one JSON frame per message, oslo.messaging-like. The context goes
// with every message so that every service logs the caller's request id.
import type { RequestContext } from '../common/request-context.js';
import type { WireError } from './messaging-errors.js';

export interface RpcMessage {
  id: string;
  kind: 'call' | 'cast';
  topic: string;
  method: string;
  /** Interface version of the topic's API, "major.minor"; a different major is refused. */
  version: string;
  context: RequestContext;
  args: Record<string, unknown>;
}

export interface RpcReply {
  id: string;
  ok: boolean;
  result?: unknown;
  error?: WireError;
}
