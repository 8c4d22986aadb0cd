// --format jaeger on every sample and two real-log traces, checked against Jaeger's JSON model
// (format-schemas.ts) and its references/processes rules (format-checks.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { toJaegerJson, type JaegerSpan } from '../../../core/export/jaeger-json.js';
import { toOtlpJson } from '../../../core/export/otlp-json.js';
import type { Trace } from '../../../core/trace/trace-types.js';
import { CASES, loadTraces } from './export-fixtures.js';
import { jaegerProblems } from './format-checks.js';
import { JAEGER_TRACES_SCHEMA, schemaErrors } from './format-schemas.js';

let traces: Map<string, Trace>;
beforeAll(async () => { traces = await loadTraces(); });

const tag = (s: JaegerSpan, key: string) => s.tags.find((t) => t.key === key)?.value;

describe.each(CASES.map((c) => c.name))('Jaeger JSON of %s', (name) => {
  it('conforms to the model, its references and processes resolve, children sit inside their parents', () => {
    const doc = toJaegerJson(traces.get(name)!);
    expect(schemaErrors(JAEGER_TRACES_SCHEMA, doc)).toEqual([]);
    expect(jaegerProblems(doc)).toEqual([]);
  });

  it('carries the OTLP export\'s ids, times and errors, and a process per service/host', () => {
    const t = traces.get(name)!;
    const j = toJaegerJson(t).data[0];
    const o = toOtlpJson(t);
    const otlp = o.resourceSpans.flatMap((r) => r.scopeSpans[0].spans);
    expect(j.spans.map((s) => s.spanID).sort()).toEqual(otlp.map((s) => s.spanId).sort());
    for (const s of j.spans) {
      const twin = otlp.find((x) => x.spanId === s.spanID)!;
      expect(s.traceID).toBe(twin.traceId);
      expect(BigInt(s.startTime) * 1000n).toBe(BigInt(twin.startTimeUnixNano));
      expect(tag(s, 'error')).toBe(twin.status.code === 2 ? true : undefined);
      expect(s.logs.length).toBe(twin.events.length);
    }
    expect(Object.values(j.processes).map((p) => `${p.serviceName}@${p.tags.find((x) => x.key === 'host.name')?.value ?? ''}`).sort())
      .toEqual(o.resourceSpans.map((r) => `${r.resource.attributes.find((a) => a.key === 'service.name')!.value.stringValue}@${r.resource.attributes.find((a) => a.key === 'host.name')?.value.stringValue ?? ''}`).sort());
  });
});

describe('Jaeger JSON details', () => {
  it('writes the t57 boot as Jaeger UI reads it: µs times, typed tags, log fields with the event text', () => {
    const j = toJaegerJson(traces.get('real: fi-pike-nova-t57')!).data[0];
    expect(j.traceID).toBe('c45dffa844094294bffa67d21cefec5c');
    const root = j.spans.find((s) => s.references.length === 0)!;
    expect(root).toMatchObject({ operationName: 'boot', startTime: Date.UTC(2018, 5, 28, 0, 21, 13, 434) * 1000 });
    expect(j.processes[root.processID].serviceName).toBe('nova-api');
    expect(tag(root, 'otel.status_code')).toBe('ERROR');
    const network = j.spans.find((s) => s.operationName === 'compute.network')!;
    expect(tag(network, 'error')).toBe(true);
    expect(network.tags.find((t) => t.key === 'nova.attempt')).toEqual({ key: 'nova.attempt', type: 'int64', value: 1 });
    const log = j.spans.flatMap((s) => s.logs).find((l) => l.fields.some((f) => f.key === 'log.file.line' && f.value === 95))!;
    expect(log.fields[0]).toMatchObject({ key: 'event', type: 'string', value: expect.stringMatching(/^Instance failed to spawn/) });
  });

  it('the checks catch a reference to a missing span, an unknown process and a mistyped tag', () => {
    const doc = toJaegerJson(traces.get('reschedule')!);
    const bad = structuredClone(doc);
    bad.data[0].spans[1].references[0].spanID = 'ffffffffffffffff';
    bad.data[0].spans[2].processID = 'p99';
    expect(jaegerProblems(bad).join('\n')).toMatch(/parent ffffffffffffffff is not in the trace/);
    expect(jaegerProblems(bad).join('\n')).toMatch(/process p99 is not in processes/);
    const typed = structuredClone(doc);
    typed.data[0].spans[0].tags.push({ key: 'x', type: 'int64', value: '3' });
    expect(schemaErrors(JAEGER_TRACES_SCHEMA, typed).join('\n')).toMatch(/value must be integer/);
  });
});
