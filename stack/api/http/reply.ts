// What a handler returns: a status with a JSON body, a plain-text body, a streamed binary body
// or nothing. The dispatcher turns it into bytes, adds the request-id headers and the length.

export interface BinaryBody {
  length: number;
  contentType: string;
  /** Chunks in order; the dispatcher writes them with back-pressure. */
  chunks(): Iterable<Buffer>;
}

export interface ApiReply {
  status: number;
  json?: unknown;
  text?: string;
  binary?: BinaryBody;
  headers?: Record<string, string>;
  /** Close the connection after answering (a body that was refused unread). */
  closeConnection?: boolean;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): ApiReply => ({ status, json: body, headers });
export const ok = (body: unknown): ApiReply => json(200, body);
export const empty = (status: number, headers?: Record<string, string>): ApiReply => ({ status, headers });
export const text = (status: number, body: string): ApiReply => ({ status, text: body });

/** keystonemiddleware's auth_token answer, the same in front of every service. */
export const authTokenRejection = (message: string): ApiReply =>
  json(401, { error: { code: 401, title: 'Unauthorized', message } });
