// incidents / stats with --format otlp|jaeger or --otlp-endpoint: the window's failed and
// stuck boots traced whole (as `nova-trace <id>` traces them, same ids) and written as one
// export in place of the report, and/or posted to an OTLP collector after it.

import type { TracedBoots } from '../fleet/boot-traces.js';
import { failedBoots, traceBootsWhole } from '../fleet/failed-boot-traces.js';
import type { Trace } from '../trace/trace-types.js';
import type { FleetArgs } from './fleet-args.js';
import { traceForViewer } from './hands-on-lab.js';

export function wantsTraces(a: FleetArgs): boolean {
  return a.format === 'otlp' || a.format === 'jaeger' || a.otlpEndpoint !== null;
}

async function failedTraces(a: FleetArgs, r: TracedBoots): Promise<Trace[]> {
  const traces = await traceBootsWhole(a.paths, a.index, failedBoots(r.outcomes).map((o) => o.request_id));
  return traces.map((t) => traceForViewer(t, a.paths, process.env));
}

/** Writes the report (writeReport) or the export, then posts; returns `code`, or 2 when the post failed. */
export async function writeFleetOutput(a: FleetArgs, r: TracedBoots, out: NodeJS.WritableStream, err: NodeJS.WritableStream, code: number, writeReport: () => void): Promise<number> {
  const traces = wantsTraces(a) ? await failedTraces(a, r) : [];
  if (a.format === 'otlp' || a.format === 'jaeger') {
    const { BATCH_EXPORTERS } = await import('../export/trace-batch.js');
    out.write(JSON.stringify(BATCH_EXPORTERS[a.format](traces), null, 2) + '\n');
  } else {
    writeReport();
  }
  if (!a.otlpEndpoint) return code;
  if (traces.length === 0) {
    err.write(`nova-trace: no failed or stuck boot in the window: nothing posted to ${a.otlpEndpoint}\n`);
    return code;
  }
  const { otlpOfTraces } = await import('../export/trace-batch.js');
  const { OtlpPostError, postOtlp } = await import('../export/otlp-post.js');
  try {
    const p = await postOtlp(a.otlpEndpoint, otlpOfTraces(traces));
    err.write(`nova-trace: posted ${p.spans} span(s) of ${traces.length} failed or stuck boot(s) to ${p.url} (HTTP ${p.status})\n`);
    return code;
  } catch (e) {
    if (!(e instanceof OtlpPostError)) throw e;
    err.write(`nova-trace: ${e.message}\n`);
    return 2;
  }
}
