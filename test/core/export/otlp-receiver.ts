// A real OTLP/HTTP receiver on 127.0.0.1 for the tests: records what was posted and answers
// each request with the next queued answer (then 200 {}).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Received { method: string; url: string; type: string | undefined; body: string }

/** A receiver that answers each request with the next of `answers` (then 200 {}). */
export async function receiver(): Promise<{ url: string; got: Received[]; answers: { status: number; body: string }[]; close: () => Promise<void> }> {
  const got: Received[] = [];
  const answers: { status: number; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => {
      got.push({ method: req.method!, url: req.url!, type: req.headers['content-type'], body });
      const a = answers.shift() ?? { status: 200, body: '{}' };
      res.writeHead(a.status, { 'Content-Type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, got, answers, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
