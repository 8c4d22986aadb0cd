// The rules of each format that a schema cannot say: links between spans, intervals, tracks.
// Each check returns its problems as sentences (empty: the document keeps the rules).

interface Interval { start: bigint; end: bigint }

interface SpanLike { id: string; parent: string | null; name: string; iv: Interval; events: bigint[] }

/** One root, unique ids, parents that exist, no cycle, each span inside its parent, events inside their span. */
function treeProblems(spans: SpanLike[]): string[] {
  const problems: string[] = [];
  const byId = new Map<string, SpanLike>();
  for (const s of spans) {
    if (byId.has(s.id)) problems.push(`span id ${s.id} used twice`);
    byId.set(s.id, s);
    if (s.iv.end < s.iv.start) problems.push(`${s.name} ends before it starts`);
    for (const t of s.events) if (t < s.iv.start || t > s.iv.end) problems.push(`${s.name} has an event at ${t} outside [${s.iv.start}, ${s.iv.end}]`);
  }
  const roots = spans.filter((s) => s.parent === null);
  if (roots.length !== 1) problems.push(`${roots.length} root spans`);
  for (const s of spans) {
    if (s.parent === null) continue;
    const p = byId.get(s.parent);
    if (!p) { problems.push(`${s.name}'s parent ${s.parent} is not in the trace`); continue; }
    if (s.iv.start < p.iv.start || s.iv.end > p.iv.end) problems.push(`${s.name} [${s.iv.start}, ${s.iv.end}] is not inside its parent ${p.name} [${p.iv.start}, ${p.iv.end}]`);
    const seen = new Set<string>([s.id]);
    for (let q: SpanLike | undefined = p; q; q = q.parent ? byId.get(q.parent) : undefined) {
      if (seen.has(q.id)) { problems.push(`${s.name} is in a parent cycle`); break; }
      seen.add(q.id);
    }
  }
  return problems;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export function otlpProblems(doc: Json): string[] {
  const problems: string[] = [];
  const spans: SpanLike[] = [];
  const traceIds = new Set<string>();
  const resources = new Set<string>();
  for (const rs of doc.resourceSpans) {
    const attr = (k: string) => rs.resource.attributes.find((a: Json) => a.key === k)?.value.stringValue;
    if (!attr('service.name')) problems.push('a resource has no service.name');
    const key = `${attr('service.name')}@${attr('host.name') ?? ''}`;
    if (resources.has(key)) problems.push(`two resourceSpans for ${key}`);
    resources.add(key);
    for (const ss of rs.scopeSpans) for (const s of ss.spans) {
      traceIds.add(s.traceId);
      if (s.status?.code === 2 && !s.status.message) problems.push(`${s.name} is an error without a message`);
      spans.push({
        id: s.spanId, parent: s.parentSpanId || null, name: s.name,
        iv: { start: BigInt(s.startTimeUnixNano), end: BigInt(s.endTimeUnixNano) },
        events: (s.events ?? []).map((e: Json) => BigInt(e.timeUnixNano)),
      });
    }
  }
  if (traceIds.size !== 1) problems.push(`${traceIds.size} trace ids in one trace`);
  return [...problems, ...treeProblems(spans)];
}

export function jaegerProblems(doc: Json): string[] {
  const problems: string[] = [];
  for (const t of doc.data) {
    const spans: SpanLike[] = [];
    for (const s of t.spans) {
      if (s.traceID !== t.traceID) problems.push(`${s.operationName} has trace id ${s.traceID}, not ${t.traceID}`);
      if (!t.processes[s.processID]) problems.push(`${s.operationName}'s process ${s.processID} is not in processes`);
      const parents = s.references.filter((r: Json) => r.refType === 'CHILD_OF');
      if (parents.length > 1) problems.push(`${s.operationName} has ${parents.length} parents`);
      for (const r of s.references) if (r.traceID !== t.traceID) problems.push(`${s.operationName} refers to another trace`);
      spans.push({
        id: s.spanID, parent: parents[0]?.spanID ?? null, name: s.operationName,
        iv: { start: BigInt(s.startTime), end: BigInt(s.startTime + s.duration) }, events: s.logs.map((l: Json) => BigInt(l.timestamp)),
      });
    }
    const used = new Set(t.spans.map((s: Json) => s.processID));
    for (const p of Object.keys(t.processes)) if (!used.has(p)) problems.push(`process ${p} has no span`);
    problems.push(...treeProblems(spans));
  }
  return problems;
}

/** No two complete events overlap on one thread; every process and used thread is named. */
export function chromeProblems(doc: Json): string[] {
  const problems: string[] = [];
  const events: Json[] = doc.traceEvents;
  const named = new Set(events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.pid));
  const threads = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => `${e.pid}/${e.tid}`));
  const tracks = new Map<string, Json[]>();
  for (const e of events) {
    if (e.ph === 'M') continue;
    if (!named.has(e.pid)) problems.push(`pid ${e.pid} has no process_name`);
    if (e.s !== 'g' && !threads.has(`${e.pid}/${e.tid}`)) problems.push(`thread ${e.pid}/${e.tid} has no thread_name`);
    if (e.ph === 'X') tracks.set(`${e.pid}/${e.tid}`, [...(tracks.get(`${e.pid}/${e.tid}`) ?? []), e]);
  }
  for (const [track, xs] of tracks) {
    xs.sort((a, b) => a.ts - b.ts);
    for (let i = 1; i < xs.length; i++) {
      const prev = xs[i - 1];
      if (xs[i].ts < prev.ts + prev.dur) problems.push(`on ${track}, ${xs[i].name} (${xs[i].ts}) starts before ${prev.name} ends (${prev.ts + prev.dur})`);
    }
  }
  return problems;
}
