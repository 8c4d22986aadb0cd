// `nova-lab check`: judge the answer against the lab's own trace, say precisely which parts are
// wrong, and after a correct one which lines proved it and what the real fix is.

import type { Lab } from './lab-catalog.js';
import { describeJudgement, judgeAnswer, lineWhere, linesToShow, type Answer, type Judgement, type TraceLine } from './lab-answer.js';

/** At most `n` characters of a long line, keeping the words the proof's pattern matches in view. */
export function excerpt(text: string, pattern: string, n = 160): string {
  if (text.length <= n) return text;
  const m = new RegExp(pattern, 'i').exec(text);
  const end = m ? m.index + m[0].length : 0;
  if (end <= n - 1) return `${text.slice(0, n - 1)}…`;
  const from = Math.min(end - n + 20, text.length - n + 2);
  const tail = from + n - 2 < text.length ? '…' : '';
  return `…${text.slice(from, from + n - 2)}${tail}`;
}

export function judgeAndExplain(lab: Lab, answer: Answer, traced: readonly TraceLine[], handsOn: boolean, knownHosts: readonly string[]): { j: Judgement; lines: string[] } {
  const j = judgeAnswer(lab, answer, traced, handsOn, knownHosts);
  if (!j.correct) {
    const [head, ...why] = describeJudgement(j, answer.quote !== undefined ? 'quote' : 'line');
    return { j, lines: [`not yet: ${head}.`, ...why] };
  }
  const host = answer.host ? ` on ${answer.host}` : '';
  const shown = j.matched ? `, shown by ${lineWhere(j.matched)}` : '';
  const lines = [`correct: ${lab.answer}${host}${shown}.`];
  const proof = linesToShow(j);
  if (proof.length) {
    lines.push('The lines that prove it:');
    for (const l of proof) lines.push(`  ${lineWhere(l)}  ${l.service}@${l.host}  ${excerpt(l.text, lab.proof.pattern)}`);
    const more = j.proving.length - proof.length;
    if (more > 0) lines.push(`  (and ${more} more line(s) like them in this request's trace)`);
  }
  lines.push(`What they show: ${lab.proof.explain}`, `The real fix: ${lab.proof.fix}`);
  return { j, lines };
}
