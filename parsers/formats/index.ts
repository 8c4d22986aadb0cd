// The registry of formats a reader tries, in order. Loading it checks every format's samples,
// so a format edited into inconsistency fails at start instead of silently misreading logs.

import type { LogFormat } from './format-types.js';
import { osloFormat } from './oslo.js';
import { journaldFormat } from './journald.js';
import { journaldIsoFormat } from './journald-iso.js';
import { parseLine } from '../line-parser.js';
import { WRAPPERS } from './container-wrappers.js';
import { OSLO_JSON_SAMPLES } from './oslo-json.js';

export const FORMATS: readonly LogFormat[] = [osloFormat, journaldFormat, journaldIsoFormat];

export function checkFormatSamples(formats: readonly LogFormat[] = FORMATS): string[] {
  const problems: string[] = [];
  for (const f of formats) {
    for (const s of f.samples) {
      const rec = parseLine(s.line, 2026, formats);
      if (!rec || rec.kind !== 'record') { problems.push(`${f.name}: sample does not parse: ${s.line}`); continue; }
      const got: Record<string, unknown> = {
        tsText: rec.tsText, pid: rec.pid, level: rec.level, logger: rec.logger, host: rec.host,
        requestId: rec.context.requestId, instance: rec.instance, message: rec.message, program: rec.program,
      };
      for (const [k, v] of Object.entries(s.expect)) {
        if (k === 'ts') continue;
        if (got[k] !== v) problems.push(`${f.name}: sample field ${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(got[k])}`);
      }
    }
  }
  for (const s of OSLO_JSON_SAMPLES) {
    const rec = parseLine(s.line, 2026, formats);
    const got = rec && rec.kind === 'record'
      ? { tsText: rec.tsText, level: rec.level, logger: rec.logger, requestId: rec.context.requestId, instance: rec.instance, host: rec.host, message: rec.message }
      : null;
    if (JSON.stringify(got) !== JSON.stringify(s.expect)) problems.push(`oslo-json: sample read as ${JSON.stringify(got)}, not ${JSON.stringify(s.expect)}`);
  }
  for (const w of WRAPPERS) {
    for (const s of w.samples) {
      const inner = w.mayWrap(s.line) ? w.unwrap(s.line, (l) => formats.some((f) => f.mayStart(l))) : null;
      if (inner !== s.inner) { problems.push(`${w.name}: sample unwraps to ${JSON.stringify(inner)}, not ${JSON.stringify(s.inner)}`); continue; }
      const outer = parseLine(s.line, 2026, formats), alone = parseLine(s.inner, 2026, formats);
      if (!outer || !alone || outer.kind !== 'record' || outer.message !== alone.message || outer.ts !== alone.ts || outer.context.requestId !== alone.context.requestId) {
        problems.push(`${w.name}: sample is not read as the line inside: ${s.line}`);
      }
    }
  }
  return problems;
}
