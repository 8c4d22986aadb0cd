// `nova-trace incidents|stats --format otlp|jaeger` and `--otlp-endpoint` as a user runs them
// (the built program): every failed or stuck boot of the window is one trace, conforming to
// the format, with the spans `nova-trace <id> --format otlp` gives that boot; the post goes to
// a receiver on 127.0.0.1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, runCliAsync, type CliResult } from '../../helpers/run-cli.js';
import { jaegerProblems, otlpProblems } from './format-checks.js';
import { JAEGER_TRACES_SCHEMA, OTLP_TRACES_SCHEMA, schemaErrors } from './format-schemas.js';
import { receiver } from './otlp-receiver.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const SAMPLES = path.join(ROOT, 'samples');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-fleet-export-'));
const INDEX = path.join(tmp, 'index.sqlite');
const WINDOW = ['--from', '2000-01-01 00:00', '--to', '2100-01-01 00:00'];
const ARGS = [...WINDOW, '--log-dir', SAMPLES, '--index', INDEX];
const env = { NOVA_LAB_DIR: path.join(tmp, 'no-lab') };

const runAsync = (args: string[], timeoutMs = 60_000): Promise<CliResult> => runCliAsync(BIN.trace, args, env, timeoutMs);

/** One OTLP document per trace id, as a single export would hold it. */
function byTrace(doc: Json): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const rs of doc.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) {
    let d = out.get(s.traceId);
    if (!d) { d = { resourceSpans: [] }; out.set(s.traceId, d); }
    let r = d.resourceSpans.find((x: Json) => JSON.stringify(x.resource) === JSON.stringify(rs.resource));
    if (!r) { r = { resource: rs.resource, scopeSpans: [{ scope: ss.scope, spans: [] }] }; d.resourceSpans.push(r); }
    r.scopeSpans[0].spans.push(s);
  }
  return out;
}

const spanKeys = (doc: Json): string[] => doc.resourceSpans.flatMap((rs: Json) => rs.scopeSpans.flatMap((ss: Json) => ss.spans.map((s: Json) => `${s.spanId} ${s.parentSpanId ?? '-'} ${s.name} ${s.startTimeUnixNano} ${s.status.code}`))).sort();

/** Example request ids of every group, and how many boots failed. */
let failedIds: string[];
let failedCount: number;
let rx: Awaited<ReturnType<typeof receiver>>;
beforeAll(async () => {
  rx = await receiver();
  const r = await runAsync(['incidents', ...ARGS, '--json']);
  expect(r.code, r.err).toBe(1);
  const groups = JSON.parse(r.out).incidents as Json[];
  failedIds = groups.flatMap((g) => g.examples);
  failedCount = groups.reduce((n, g) => n + g.count, 0);
}, 70_000);
afterAll(async () => { await rx.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

describe('incidents --format otlp', () => {
  let doc: Json;
  it('prints every failed boot as one trace of a conforming OTLP/JSON document, exit 1', async () => {
    const r = await runAsync(['incidents', ...ARGS, '--format', 'otlp']);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toBe('');
    doc = JSON.parse(r.out);
    expect(schemaErrors(OTLP_TRACES_SCHEMA, doc)).toEqual([]);
    const traces = byTrace(doc);
    expect(failedCount).toBeGreaterThan(3);
    expect(traces.size).toBe(failedCount);
    for (const [id, one] of traces) expect(otlpProblems(one), id).toEqual([]);
    // One resourceSpans per service/host across all traces.
    const resources = doc.resourceSpans.map((rs: Json) => JSON.stringify(rs.resource.attributes));
    expect(new Set(resources).size).toBe(resources.length);
  }, 90_000);

  it("gives each boot the ids and spans of `nova-trace <id> --format otlp`", async () => {
    const traces = byTrace(doc);
    for (const id of failedIds) {
      const single = await runAsync([id, '--log-dir', SAMPLES, '--format', 'otlp', '--no-index'], 20_000);
      const one = JSON.parse(single.out);
      const traceId = one.resourceSpans[0].scopeSpans[0].spans[0].traceId;
      expect(traceId).toBe(id.replace(/^req-/, '').replace(/-/g, ''));
      expect(traces.has(traceId), id).toBe(true);
      expect(spanKeys(traces.get(traceId)), id).toEqual(spanKeys(one));
    }
  }, 180_000);
});

describe('stats --format jaeger', () => {
  it("lists the window's failed boots as Jaeger traces, exit 0", async () => {
    const r = await runAsync(['stats', ...ARGS, '--format', 'jaeger']);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out);
    expect(schemaErrors(JAEGER_TRACES_SCHEMA, doc)).toEqual([]);
    expect(jaegerProblems(doc)).toEqual([]);
    const ids = doc.data.map((t: Json) => t.traceID);
    expect(ids).toHaveLength(failedCount);
    for (const id of failedIds) expect(ids).toContain(id.replace(/^req-/, '').replace(/-/g, ''));
  }, 90_000);

  it('refuses chrome and unknown formats with exit 2', () => {
    const chrome = runCli(BIN.trace, ['stats', ...ARGS, '--format', 'chrome'], env);
    expect(chrome.code).toBe(2);
    expect(chrome.err).toMatch(/--format chrome shows one request/);
    const xml = runCli(BIN.trace, ['incidents', ...ARGS, '--format', 'xml'], env);
    expect(xml.code).toBe(2);
    expect(xml.err).toMatch(/--format must be one of text, json, otlp, jaeger/);
    expect(runCli(BIN.trace, ['index', '--log-dir', SAMPLES, '--otlp-endpoint', 'http://127.0.0.1:1'], env).code).toBe(2);
  });
});

describe('incidents --otlp-endpoint', () => {
  it('posts the failed boots to <URL>/v1/traces after printing the report, and says how many', async () => {
    rx.got.length = 0;
    const r = await runAsync(['incidents', ...ARGS, '--otlp-endpoint', rx.url]);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toMatch(/failed or stuck in \d+ group/);
    expect(r.err).toMatch(new RegExp(`^nova-trace: posted \\d+ span\\(s\\) of ${failedCount} failed or stuck boot\\(s\\) to ${rx.url}/v1/traces \\(HTTP 200\\)\\n$`));
    expect(rx.got).toHaveLength(1);
    expect(rx.got[0]).toMatchObject({ method: 'POST', url: '/v1/traces', type: 'application/json' });
    const posted = JSON.parse(rx.got[0].body);
    expect(schemaErrors(OTLP_TRACES_SCHEMA, posted)).toEqual([]);
    const printed = JSON.parse((await runAsync(['incidents', ...ARGS, '--format', 'otlp'])).out);
    expect(posted).toEqual(printed);
  }, 120_000);

  it("exits 2 with the collector's answer when it refuses the spans", async () => {
    rx.answers.push({ status: 200, body: JSON.stringify({ partialSuccess: { rejectedSpans: 3, errorMessage: 'too old' } }) });
    const r = await runAsync(['stats', ...ARGS, '--otlp-endpoint', rx.url]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/refused 3 of \d+ span\(s\): too old/);
    expect(r.out).toMatch(/boot latency in/);
  });

  it('posts nothing when no boot failed in the window', async () => {
    rx.got.length = 0;
    const r = await runAsync(['incidents', '--from', '2001-01-01 00:00', '--to', '2001-01-02 00:00', '--log-dir', SAMPLES, '--index', INDEX, '--otlp-endpoint', rx.url]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/no failed or stuck boot in the window: nothing posted/);
    expect(rx.got).toHaveLength(0);
  });
});
