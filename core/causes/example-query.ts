// An example of a catalogue entry — a log line, then its traceback lines — turned into the
// query the tracer would make for it: the text of the record, its logger, and the filter that
// emptied the host list when the line is the scheduler's filter summary.

import { FORMATS } from '../../parsers/formats/index.js';
import { parseLine } from '../../parsers/line-parser.js';
import { emptyingFilter, filterStepsFromSummary } from '../trace/filter-steps.js';
import type { CauseQuery } from './catalogue-types.js';
import { causeText } from './cause-text.js';

export function exampleQuery(example: string): CauseQuery | null {
  const [first, ...rest] = example.split('\n');
  const p = parseLine(first, 2026, FORMATS);
  if (!p || p.kind !== 'record') return null;
  const steps = filterStepsFromSummary(p.message);
  return { text: causeText(p.message, [...p.continuation, ...rest]), logger: p.logger, filter: steps ? emptyingFilter(steps) : null };
}
