// --format chrome on every sample and two real-log traces, checked against the Trace Event
// Format's rules (format-schemas.ts) and its track rules (format-checks.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { toChromeTrace, type ChromeEvent } from '../../../core/export/chrome-trace.js';
import type { Trace } from '../../../core/trace/trace-types.js';
import { CASES, loadTraces } from './export-fixtures.js';
import { chromeProblems } from './format-checks.js';
import { CHROME_TRACE_SCHEMA, schemaErrors } from './format-schemas.js';

let traces: Map<string, Trace>;
beforeAll(async () => { traces = await loadTraces(); });

const processNames = (events: ChromeEvent[]) => new Map(events.filter((e) => e.name === 'process_name').map((e) => [e.pid, e.args.name as string]));

describe.each(CASES.map((c) => c.name))('Chrome trace of %s', (name) => {
  it('conforms to the event format, names every process and thread, and overlaps no complete events on a thread', () => {
    const doc = toChromeTrace(traces.get(name)!);
    expect(schemaErrors(CHROME_TRACE_SCHEMA, doc)).toEqual([]);
    expect(chromeProblems(doc)).toEqual([]);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('has each timed stage on its service/host process, every log line as an instant inside its stage, the verdict as metadata', () => {
    const t = traces.get(name)!;
    const doc = toChromeTrace(t);
    const names = processNames(doc.traceEvents);
    for (const s of t.stages.filter((x) => x.start !== null)) {
      const ev = doc.traceEvents.find((e) => e.ph === 'X' && e.name === s.stage && e.args['nova.attempt'] === s.attempt)!;
      expect(ev, s.stage).toBeDefined();
      expect(names.get(ev.pid)).toMatch(new RegExp(`^(nova-)?${s.service}${s.host ? ` ${s.host.replace(/\./g, '\\.')}` : ''}$`));
      expect(ev.args['nova.stage.status']).toBe(s.status);
    }
    const logs = doc.traceEvents.filter((e) => e.ph === 'i' && e.cat === 'log');
    expect(logs.length).toBe(t.records.length);
    expect(logs.every((e) => e.s === 't' && typeof e.args['log.file.path'] === 'string' && typeof e.args['nova.log.offset'] === 'number')).toBe(true);
    // A line on a stage's thread lies within one of that thread's stages (a skewed host's too).
    const xs = doc.traceEvents.filter((e) => e.ph === 'X');
    for (const l of logs) {
      const onThread = xs.filter((x) => x.pid === l.pid && x.tid === l.tid);
      if (onThread.length) expect(onThread.some((x) => x.ts! <= l.ts! && l.ts! <= x.ts! + x.dur!), `${l.name} at ${l.ts}`).toBe(true);
    }
    expect(doc.otherData).toMatchObject({ verdict_status: t.verdict.status, verdict_summary: t.verdict.summary, query: t.query });
    expect(doc.traceEvents.filter((e) => e.cat === 'verdict')).toHaveLength(1);
  });
});

describe('Chrome trace details', () => {
  it('puts t57\'s overlapping compute stages on separate threads of the host\'s process, with UTC µs times', () => {
    const doc = toChromeTrace(traces.get('real: fi-pike-nova-t57')!);
    const names = processNames(doc.traceEvents);
    const x = (stage: string) => doc.traceEvents.find((e) => e.ph === 'X' && e.name === stage)!;
    expect(names.get(x('compute.network').pid)).toBe('nova-compute localhost.localdomain');
    expect(x('compute.network').pid).toBe(x('compute.spawn').pid);
    expect(x('compute.network').tid).not.toBe(x('compute.spawn').tid);
    expect(x('api.accepted').ts).toBe(Date.UTC(2018, 5, 28, 0, 21, 13, 434) * 1000);
    expect(x('compute.network').cname).toBe('terrible');
    const line = doc.traceEvents.find((e) => e.ph === 'i' && e.args['log.file.path'] === 'nova-compute.log' && e.args['log.file.line'] === 95)!;
    expect(line).toMatchObject({ name: expect.stringMatching(/^Instance failed to spawn/), ts: Date.UTC(2018, 5, 28, 0, 26, 38, 516) * 1000 });
    expect(line.args['log.severity']).toBe('ERROR');
  });

  it('shows the request, its attempts and a multi-create\'s instances on the request process', () => {
    const t = traces.get('multi-create')!;
    const doc = toChromeTrace(t);
    const request = doc.traceEvents.filter((e) => e.ph === 'X' && e.pid === 1);
    expect(request.filter((e) => e.cat === 'instance').map((e) => e.args['nova.instance']).sort()).toEqual(t.instance_outcomes!.map((o) => o.instance).sort());
    expect(request.find((e) => e.cat === 'request')!.name).toBe('boot');
    expect(doc.otherData.instance_outcomes).toContain('ERROR on cmp1 (image-too-big)');
  });

  it('the checks catch overlapping complete events on a thread and events missing their phase\'s fields', () => {
    const doc = toChromeTrace(traces.get('reschedule')!);
    const bad = structuredClone(doc);
    const [a, b] = bad.traceEvents.filter((e) => e.ph === 'X' && e.pid > 1 && e.tid === 1);
    b.tid = a.tid; b.pid = a.pid; b.ts = a.ts! + 1; b.dur = a.dur! + 10;
    expect(chromeProblems(bad).join('\n')).toMatch(/starts before .* ends/);
    const missing = structuredClone(doc);
    delete missing.traceEvents.find((e) => e.ph === 'X')!.dur;
    missing.traceEvents.find((e) => e.ph === 'M')!.name = 'process_title';
    expect(schemaErrors(CHROME_TRACE_SCHEMA, missing).join('\n')).toMatch(/must have required property 'dur'/);
    expect(schemaErrors(CHROME_TRACE_SCHEMA, missing).join('\n')).toMatch(/name must be equal to one of the allowed values/);
  });
});
