// What `nova-trace <id>` writes once the trace is built: the report or one export on stdout
// (--format), then the OTLP post when --otlp-endpoint asks for it.

import { COLOR, PLAIN } from '../report/ansi.js';
import { renderTextReport } from '../report/text-report.js';
import type { Trace } from '../trace/trace-types.js';
import type { TraceArgs } from './args.js';
import { writeTraceJson } from './json-stream.js';

/** Returns `exitCode`, or 2 when the post failed. */
export async function writeTraceOutput(trace: Trace, args: TraceArgs, color: boolean, exitCode: number): Promise<number> {
  if (args.format === 'text') process.stdout.write(renderTextReport(trace, { style: color ? COLOR : PLAIN, records: args.records }));
  else if (args.format === 'json') writeTraceJson(trace, (s) => { process.stdout.write(s); });
  else {
    const { EXPORTERS } = await import('../export/formats.js');
    process.stdout.write(JSON.stringify(EXPORTERS[args.format](trace), null, 2) + '\n');
  }
  if (!args.otlpEndpoint) return exitCode;
  // The exporters load only when asked for: a plain trace does not pay for them.
  const { toOtlpJson } = await import('../export/otlp-json.js');
  const { OtlpPostError, postOtlp } = await import('../export/otlp-post.js');
  try {
    const r = await postOtlp(args.otlpEndpoint, toOtlpJson(trace));
    process.stderr.write(`nova-trace: posted ${r.spans} span(s) to ${r.url} (HTTP ${r.status})\n`);
    return exitCode;
  } catch (e) {
    if (!(e instanceof OtlpPostError)) throw e;
    process.stderr.write(`nova-trace: ${e.message}\n`);
    return 2;
  }
}
