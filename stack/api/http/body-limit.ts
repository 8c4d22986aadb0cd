// oslo.middleware's RequestBodySizeLimiter ([oslo_middleware] max_request_body_size, 114688
// bytes by default), in front of the api process's services as in Nova's and keystone's paste
// pipelines: a Content-Length over the limit is refused before a byte of the body is read, a
// chunked body is counted while it streams and refused once it passes the limit, so a huge body
// never sits in memory. The answer is webob's HTTPRequestEntityTooLarge ("Request is too
// large."), rendered as webob renders any HTTPException: JSON, HTML or plain text by Accept.

import type { IncomingMessage } from 'node:http';
import type { ApiReply } from './reply.js';

export const MAX_REQUEST_BODY_SIZE = 114_688;

export class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
  constructor() {
    super('Request is too large.');
  }
}

/** The body as text, or BodyTooLarge without reading (declared length) or past the limit (chunked). */
export async function readLimitedBody(req: IncomingMessage, max = MAX_REQUEST_BODY_SIZE): Promise<string> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > max) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > max) throw new BodyTooLarge();
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const STATUS_TITLES: Record<number, string> = { 413: 'Request Entity Too Large', 415: 'Unsupported Media Type' };

/**
 * webob's acceptable_offers over its offers text/html then application/json: each offer takes the
 * q of the most specific range that matches it; the highest q wins, text/html on a tie (also when
 * Accept is missing); nothing acceptable → the plain-text body.
 */
function webobMatch(accept: string | undefined): 'html' | 'json' | 'plain' {
  if (accept === undefined || accept.trim() === '') return 'html';
  const ranges = accept.split(',').map((part) => {
    const [range, ...params] = part.trim().toLowerCase().split(';').map((x) => x.trim());
    return { range, q: Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? '1') };
  });
  const qOf = (type: string): number => {
    const exact = ranges.find((r) => r.range === type);
    const sub = ranges.find((r) => r.range === `${type.split('/')[0]}/*`);
    const any = ranges.find((r) => r.range === '*/*');
    return (exact ?? sub ?? any)?.q ?? 0;
  };
  const html = qOf('text/html');
  const json = qOf('application/json');
  if (html <= 0 && json <= 0) return 'plain';
  return json > html ? 'json' : 'html';
}

/** webob.exc.WSGIHTTPException's response for `status` with `explanation`. */
export function webobError(status: number, explanation: string, accept: string | undefined, headers: Record<string, string> = {}): ApiReply {
  const title = STATUS_TITLES[status] ?? 'Error';
  const statusLine = `${status} ${title}`;
  const body = `${explanation}<br /><br />\n\n`;
  const kind = webobMatch(accept);
  if (kind === 'json') {
    // json.dumps of webob's json_formatter dict: {'message': …, 'code': …, 'title': …}.
    const text = `{"message": ${JSON.stringify(body)}, "code": ${JSON.stringify(statusLine)}, "title": ${JSON.stringify(title)}}`;
    return { status, text, headers: { ...headers, 'Content-Type': 'application/json' } };
  }
  if (kind === 'html') {
    return { status, text: `<html>\n <head>\n  <title>${statusLine}</title>\n </head>\n <body>\n  <h1>${statusLine}</h1>\n  ${body}\n </body>\n</html>`, headers: { ...headers, 'Content-Type': 'text/html; charset=UTF-8' } };
  }
  const plain = body.replace(/\n/g, ' ').replace(/<br.*?>/gi, '\n').replace(/<[^>]*>/g, '');
  return { status, text: `${statusLine}\n\n${plain}`, headers: { ...headers, 'Content-Type': 'text/plain; charset=UTF-8' } };
}
