// --otlp-endpoint: the OTLP/JSON posted to a real HTTP receiver on 127.0.0.1, as a collector
// (Jaeger ≥ 1.55, Tempo) receives it, and every way the post can fail.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toOtlpJson } from '../../../core/export/otlp-json.js';
import { OtlpPostError, postOtlp, tracesUrl } from '../../../core/export/otlp-post.js';
import { traceRequest } from '../../../core/trace/trace-request.js';
import type { Trace } from '../../../core/trace/trace-types.js';
import { T57 } from './export-fixtures.js';
import { OTLP_TRACES_SCHEMA, schemaErrors } from './format-schemas.js';
import { receiver } from './otlp-receiver.js';

let trace: Trace;
let rx: Awaited<ReturnType<typeof receiver>>;
beforeAll(async () => {
  trace = (await traceRequest([T57.dir], T57.query, { workers: 1 })).trace!;
  rx = await receiver();
});
afterAll(() => rx.close());

describe('postOtlp', () => {
  it('POSTs the OTLP/JSON to <endpoint>/v1/traces as application/json', async () => {
    rx.got.length = 0;
    const doc = toOtlpJson(trace);
    const r = await postOtlp(rx.url, doc);
    const spans = doc.resourceSpans.reduce((n, x) => n + x.scopeSpans[0].spans.length, 0);
    expect(r).toEqual({ url: `${rx.url}/v1/traces`, status: 200, spans });
    expect(rx.got).toHaveLength(1);
    expect(rx.got[0]).toMatchObject({ method: 'POST', url: '/v1/traces', type: 'application/json' });
    const body = JSON.parse(rx.got[0].body);
    expect(body).toEqual(doc);
    expect(schemaErrors(OTLP_TRACES_SCHEMA, body)).toEqual([]);
  });

  it('fails with the status and the collector\'s words on a non-2xx answer', async () => {
    rx.answers.push({ status: 500, body: '{"code":13,"message":"storage down"}' });
    await expect(postOtlp(rx.url, toOtlpJson(trace))).rejects.toThrow(/answered HTTP 500 Internal Server Error: \{"code":13,"message":"storage down"\}/);
  });

  it('fails when the collector refuses spans in a partial success', async () => {
    rx.answers.push({ status: 200, body: '{"partialSuccess":{"rejectedSpans":"2","errorMessage":"too old"}}' });
    await expect(postOtlp(rx.url, toOtlpJson(trace))).rejects.toThrow(/refused 2 of \d+ span\(s\): too old/);
  });

  it('fails clearly when nothing listens and when the answer never comes', async () => {
    const gone = await receiver();
    await gone.close();
    await expect(postOtlp(gone.url, toOtlpJson(trace))).rejects.toThrow(new RegExp(`cannot post the trace to ${gone.url}/v1/traces: ECONNREFUSED`));
    const silent = http.createServer(() => { /* never answers */ });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      await expect(postOtlp(url, toOtlpJson(trace), 300)).rejects.toThrow(/no answer within 0.3 s/);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('appends /v1/traces to a base URL and keeps a full traces URL', () => {
    expect(tracesUrl('http://tempo:4318').toString()).toBe('http://tempo:4318/v1/traces');
    expect(tracesUrl('http://tempo:4318/otlp/').toString()).toBe('http://tempo:4318/otlp/v1/traces');
    expect(tracesUrl('https://c.example/v1/traces').toString()).toBe('https://c.example/v1/traces');
    expect(() => tracesUrl('ftp://x')).toThrow(OtlpPostError);
  });
});
