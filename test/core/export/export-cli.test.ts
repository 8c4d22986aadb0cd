// nova-trace <id> --format … and --otlp-endpoint as a user runs them: the built program (dist/,
// npm test builds it first) in a child process, posting to a receiver on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, runCliAsync, type CliResult } from '../../helpers/run-cli.js';
import { T57 } from './export-fixtures.js';
import { CHROME_TRACE_SCHEMA, JAEGER_TRACES_SCHEMA, OTLP_TRACES_SCHEMA, schemaErrors } from './format-schemas.js';
import { receiver } from './otlp-receiver.js';

// Asynchronous, so that the receiver in this process can answer while the program waits.
const runAsync = (args: string[], timeoutMs = 20_000): Promise<CliResult> => runCliAsync(BIN.trace, args, {}, timeoutMs);

const TRACE = [T57.query, '--log-dir', T57.dir, '--workers', '2'];
let rx: Awaited<ReturnType<typeof receiver>>;
beforeAll(async () => { rx = await receiver(); });
afterAll(() => rx.close());

describe('nova-trace --format', () => {
  it.each([
    ['chrome', CHROME_TRACE_SCHEMA],
    ['otlp', OTLP_TRACES_SCHEMA],
    ['jaeger', JAEGER_TRACES_SCHEMA],
  ])('--format %s prints a document that conforms, with the trace\'s exit status', (format, schema) => {
    const r = runCli(BIN.trace, [...TRACE, '--format', format]);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(schemaErrors(schema, JSON.parse(r.out))).toEqual([]);
  });

  it('--json is --format json', () => {
    const a = runCli(BIN.trace, [...TRACE, '--json']);
    const b = runCli(BIN.trace, [...TRACE, '--format', 'json']);
    expect(JSON.parse(a.out).schema).toBe('nova-trace/v1');
    expect(b.out).toBe(a.out);
  });

  it.each([
    [['--format', 'xml'], /--format must be one of text, json, chrome, otlp, jaeger/],
    [['--format'], /--format needs a value/],
    [['--otlp-endpoint', 'localhost:4318'], /--otlp-endpoint must be an http\(s\) URL, not 'localhost:4318'/],
  ])('rejects %j with exit 2', (args, msg) => {
    const r = runCli(BIN.trace, [...TRACE, ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(msg);
  });
});

describe('nova-trace --otlp-endpoint', () => {
  it('posts the OTLP/JSON to <URL>/v1/traces, says so on stderr and keeps the trace\'s exit status', async () => {
    rx.got.length = 0;
    const r = await runAsync([...TRACE, '--otlp-endpoint', rx.url, '--format', 'otlp']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^nova-trace: posted \\d+ span\\(s\\) to ${rx.url}/v1/traces \\(HTTP 200\\)\\n$`));
    expect(rx.got).toHaveLength(1);
    expect(rx.got[0]).toMatchObject({ method: 'POST', url: '/v1/traces', type: 'application/json' });
    const posted = JSON.parse(rx.got[0].body);
    expect(posted).toEqual(JSON.parse(r.out));
    expect(schemaErrors(OTLP_TRACES_SCHEMA, posted)).toEqual([]);
    expect(posted.resourceSpans[0].scopeSpans[0].spans[0].traceId).toBe('c45dffa844094294bffa67d21cefec5c');
  });

  it('exits 2 with the collector\'s answer when it refuses the post (HTTP 500)', async () => {
    rx.answers.push({ status: 500, body: 'ingester unavailable' });
    const r = await runAsync([...TRACE, '--otlp-endpoint', `${rx.url}/`]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`nova-trace: ${rx.url}/v1/traces answered HTTP 500 Internal Server Error: ingester unavailable\n`);
    expect(r.out).toContain('vif-plug-timeout');
  });
});
