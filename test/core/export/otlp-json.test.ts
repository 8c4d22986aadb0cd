// --format otlp on every sample and two real-log traces, checked against the OTLP/JSON schema
// (format-schemas.ts) and the span-tree rules (format-checks.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { serviceName } from '../../../core/export/export-common.js';
import { toOtlpJson, type OtlpSpan, type OtlpTraces } from '../../../core/export/otlp-json.js';
import type { Trace } from '../../../core/trace/trace-types.js';
import { CASES, loadTraces } from './export-fixtures.js';
import { otlpProblems } from './format-checks.js';
import { OTLP_TRACES_SCHEMA, schemaErrors } from './format-schemas.js';

let traces: Map<string, Trace>;
beforeAll(async () => { traces = await loadTraces(); });

const spansOf = (doc: OtlpTraces): OtlpSpan[] => doc.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
const attr = (s: { attributes: { key: string; value: Record<string, unknown> }[] }, key: string) => s.attributes.find((a) => a.key === key)?.value;
const resourceName = (r: OtlpTraces['resourceSpans'][number]) => `${attr(r.resource, 'service.name')?.stringValue}@${attr(r.resource, 'host.name')?.stringValue ?? ''}`;

describe.each(CASES.map((c) => c.name))('OTLP/JSON of %s', (name) => {
  it('conforms to the schema and the span-tree rules, with the same ids on every run', () => {
    const t = traces.get(name)!;
    const doc = toOtlpJson(t);
    expect(schemaErrors(OTLP_TRACES_SCHEMA, doc)).toEqual([]);
    expect(otlpProblems(doc)).toEqual([]);
    expect(toOtlpJson(t)).toEqual(doc);
    const id = (t.request_id ?? t.query).replace(/^req-/, '').replace(/-/g, '');
    expect(new Set(spansOf(doc).map((s) => s.traceId))).toEqual(new Set([id]));
  });

  it('has a root span for the request, one per timed stage under its attempt, every log line as an event', () => {
    const t = traces.get(name)!;
    const spans = spansOf(toOtlpJson(t));
    const root = spans.find((s) => !s.parentSpanId)!;
    expect(root.name).toBe(t.operation);
    expect(attr(root, 'nova.verdict.status')).toEqual({ stringValue: t.verdict.status });
    expect(root.status.code).toBe(t.verdict.status === 'ERROR' || t.verdict.status === 'STUCK' ? 2 : t.verdict.status === 'ACTIVE' || t.verdict.status === 'COMPLETED' ? 1 : 0);
    if (root.status.code === 2) expect(root.status.message).toBe(t.verdict.summary);
    const timed = t.stages.filter((s) => s.start !== null);
    const stageSpans = spans.filter((s) => attr(s, 'nova.stage'));
    expect(stageSpans.map((s) => s.name).sort()).toEqual(expect.arrayContaining(timed.map((s) => s.stage).sort()));
    for (const s of stageSpans) {
      const parent = spans.find((p) => p.spanId === s.parentSpanId)!;
      expect(attr(parent, 'nova.attempt')).toEqual(attr(s, 'nova.attempt'));
    }
    expect(spans.reduce((n, s) => n + s.events.length, 0)).toBe(t.records.length);
    if (t.verdict.failed_stage && t.verdict.root_cause) {
      const failed = stageSpans.find((s) => s.name === t.verdict.failed_stage && attr(s, 'nova.stage.status')?.stringValue === 'failed')!;
      expect(failed.status).toEqual({ code: 2, message: t.verdict.root_cause.message });
    }
  });

  it('puts each span under the resource of the service and host that logged it', () => {
    const t = traces.get(name)!;
    const doc = toOtlpJson(t);
    for (const r of doc.resourceSpans) {
      for (const s of r.scopeSpans[0].spans.filter((x) => attr(x, 'nova.stage'))) {
        const stage = t.stages.find((x) => x.stage === s.name && x.attempt === Number(attr(s, 'nova.attempt')?.intValue))!;
        expect(resourceName(r)).toBe(`${serviceName(stage.service)}@${stage.host ?? ''}`);
        expect(resourceName(r)).toMatch(/^(nova-(api|conductor|scheduler|compute)|placement)@/);
      }
    }
  });
});

describe('OTLP/JSON details', () => {
  it('writes the t57 boot with UTC nanosecond times, the failed network stage and the log line that shows it', () => {
    const t = traces.get('real: fi-pike-nova-t57')!;
    const spans = spansOf(toOtlpJson(t));
    const root = spans.find((s) => !s.parentSpanId)!;
    expect(root).toMatchObject({ traceId: 'c45dffa844094294bffa67d21cefec5c', kind: 2, startTimeUnixNano: String(Date.UTC(2018, 5, 28, 0, 21, 13, 434)) + '000000' });
    const network = spans.find((s) => s.name === 'compute.network')!;
    expect(network.status.code).toBe(2);
    const home = spans.find((s) => s.events.some((e) => e.name.startsWith('Instance failed to spawn')))!;
    expect(home.name).toMatch(/^compute\./);
    const line = home.events.find((e) => e.name.startsWith('Instance failed to spawn'))!;
    expect(line.timeUnixNano).toBe(String(Date.UTC(2018, 5, 28, 0, 26, 38, 516)) + '000000');
    expect(attr(line, 'log.file.path')).toEqual({ stringValue: 'nova-compute.log' });
    expect(attr(line, 'log.file.line')).toEqual({ intValue: '95' });
    expect(attr(line, 'exception.stacktrace')?.stringValue).toContain('VirtualInterfaceCreateException');
  });

  it('gives a multi-create request a span per instance with its own outcome', () => {
    const t = traces.get('multi-create')!;
    const spans = spansOf(toOtlpJson(t));
    const instances = spans.filter((s) => attr(s, 'nova.instance.status'));
    expect(instances.map((s) => [attr(s, 'nova.instance')?.stringValue, attr(s, 'nova.instance.status')?.stringValue, s.status.code]).sort())
      .toEqual(t.instance_outcomes!.map((o) => [o.instance, o.status, o.status === 'ERROR' ? 2 : 0]).sort());
    // The failed stage has no logged times: it sits at the root cause's line rather than vanish.
    expect(spans.find((s) => s.name === t.verdict.failed_stage)!.status.code).toBe(2);
  });

  it('exports an operation without stages as one span per service/host from its timeline', () => {
    const t = traces.get('real: loghub list servers')!;
    expect(t.stages).toEqual([]);
    const spans = spansOf(toOtlpJson(t));
    expect(spans.filter((s) => s.parentSpanId).map((s) => s.name).sort()).toEqual(t.timeline.map((x) => `api-request on ${x.service}${x.host ? ` ${x.host}` : ''}`).sort());
  });

  it('exports an operation with a stage model as stage spans (a live migration)', () => {
    const t = traces.get('real: osp6-juno-live-migration')!;
    const spans = spansOf(toOtlpJson(t));
    expect(spans.map((s) => s.name)).toEqual(expect.arrayContaining(['compute.migration', 'compute.post_live_migration', 'compute.post_at_destination']));
  });

  it('the checks catch a span outside its parent, a dangling parent, enum names and base64 ids', () => {
    const doc = toOtlpJson(traces.get('reschedule')!);
    const bad = structuredClone(doc);
    const child = spansOf(bad).find((s) => s.parentSpanId)!;
    child.endTimeUnixNano = (BigInt(child.endTimeUnixNano) + 10n ** 12n).toString();
    expect(otlpProblems(bad).join('\n')).toMatch(/is not inside its parent/);
    const dangling = structuredClone(doc);
    spansOf(dangling)[1].parentSpanId = 'ffffffffffffffff';
    expect(otlpProblems(dangling).join('\n')).toMatch(/parent ffffffffffffffff is not in the trace/);
    const named = structuredClone(doc) as unknown as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    named.resourceSpans[0].scopeSpans[0].spans[0].status = { code: 'STATUS_CODE_ERROR' };
    named.resourceSpans[0].scopeSpans[0].spans[0].traceId = Buffer.from('c45dffa844094294bffa67d21cefec5c', 'hex').toString('base64');
    named.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano = 1530145273434000000;
    expect(schemaErrors(OTLP_TRACES_SCHEMA, named).join('\n')).toMatch(/status\/code.*\n?.*|traceId/);
    expect(schemaErrors(OTLP_TRACES_SCHEMA, named).length).toBeGreaterThanOrEqual(3);
  });
});
