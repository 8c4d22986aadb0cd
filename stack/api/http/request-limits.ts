// Limits on the request line and headers, as the Python servers in front of OpenStack's APIs
// answer them: eventlet.wsgi refuses a request line of url_length_limit (8192) bytes or more
// with "414 Request URI Too Long" and closes the connection; a header line over 64 KiB or more
// than 100 header lines is refused with 431 (http.client's _MAXLINE and _MAXHEADERS, answered by
// BaseHTTPRequestHandler). Node's parser gets room for 256 KiB of request head so that these are
// told apart; past that, its own overflow is answered 431 instead of a reset connection. Used by
// the api process and placement.

import type http from 'node:http';
import type { Socket } from 'node:net';

export const URL_LENGTH_LIMIT = 8192;
export const MAX_HEADER_LINE = 65_536;
export const MAX_HEADERS = 100;
/** Node's maxHeaderSize counts the request line and every header. */
export const PARSER_HEADER_BYTES = 256 * 1024;

const raw = (status: string) => `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;
export const RESPONSE_414 = raw('414 Request URI Too Long');
export const RESPONSE_431 = raw('431 Request Header Fields Too Large');

/** 414/431 for a request Node parsed but that a Python server would have refused; null when fine. */
export function requestLineRefusal(req: http.IncomingMessage): string | null {
  const requestLine = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/${req.httpVersion}\r\n`;
  if (Buffer.byteLength(requestLine) >= URL_LENGTH_LIMIT) return RESPONSE_414;
  if (req.rawHeaders.length / 2 > MAX_HEADERS) return RESPONSE_431;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (Buffer.byteLength(req.rawHeaders[i]) + Buffer.byteLength(req.rawHeaders[i + 1]) + 4 > MAX_HEADER_LINE) return RESPONSE_431;
  }
  return null;
}

/** Answer `refusal` on the raw socket and close it (the request is never dispatched). */
export function refuse(socket: Socket, refusal: string): void {
  if (socket.writable) socket.end(refusal);
  else socket.destroy();
}

/** Node's own parser overflow (a request head past PARSER_HEADER_BYTES): 431, or 414 while still in the request line. */
export function guardServer(server: http.Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      const packet = err.rawPacket ?? Buffer.alloc(0);
      // Only a packet that starts the request and holds no line end is known to be the request line.
      const inRequestLine = /^[A-Z]+ /.test(packet.subarray(0, 16).toString('latin1')) && packet.indexOf('\r\n') < 0;
      return refuse(socket, inRequestLine ? RESPONSE_414 : RESPONSE_431);
    }
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
}
