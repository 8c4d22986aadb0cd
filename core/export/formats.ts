// The export formats of `nova-trace <id> --format …`, each a pure function Trace → JSON value.

import type { Trace } from '../trace/trace-types.js';
import { toChromeTrace } from './chrome-trace.js';
import type { ExportOptions } from './export-common.js';
import { toJaegerJson } from './jaeger-json.js';
import { toOtlpJson } from './otlp-json.js';
import type { ExportFormat } from './format-names.js';

export const EXPORTERS: Readonly<Record<ExportFormat, (t: Trace, opts?: ExportOptions) => object>> = {
  chrome: toChromeTrace,
  otlp: toOtlpJson,
  jaeger: toJaegerJson,
};
