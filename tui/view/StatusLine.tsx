// One status line: follow state, files, rate, per-level counts, failed boots, history progress, and the
// focused row's position at the right. Invariant: one line within the width — parts are
// dropped by priority (position and follow state last) rather than wrapped.

import React from 'react';
import type { StatusInfo } from '../model/types.js';
import { FOLLOW_STYLES, HINT_STYLE, LEVEL_COUNT_GROUPS } from './colors.js';
import { LineList } from './LineList.js';
import { fitLine, lineWidth, seg, type Line, type Seg } from './screen-line.js';
import { ellipsize, sanitize } from './text-cells.js';

const HISTORY_BAR_CELLS = 8;

/** 999 → "999", 1234 → "1.2k", 56789 → "57k", 1234567 → "1.2M". */
export function compactCount(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 10_000) return `${(n / 1000).toFixed(1)}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function historyBar(done: number, total: number): string {
  const f = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const full = Math.floor(f * HISTORY_BAR_CELLS);
  return `history ${Math.floor(f * 100)}% ▕${'█'.repeat(full)}${'░'.repeat(HISTORY_BAR_CELLS - full)}▏`;
}

function followPart(s: StatusInfo): Seg {
  const f = s.paused ? FOLLOW_STYLES.paused : s.following ? FOLLOW_STYLES.following : FOLLOW_STYLES.scrolling;
  return seg(f.text, f.style);
}

function countsPart(s: StatusInfo): Seg[] {
  const out: Seg[] = [];
  for (const g of LEVEL_COUNT_GROUPS) {
    let n = 0;
    for (const lv of g.levels) n += s.levelCounts[lv] ?? 0;
    if (out.length) out.push(seg(' '));
    out.push(seg(g.letter, g.style), seg(` ${compactCount(n)}`));
  }
  return out;
}

/** Failed or stuck boots in the incidents window; `!` opens the pane. */
function failuresPart(n: number): Seg {
  return n > 0 ? seg(`${compactCount(n)} failed boot${n === 1 ? '' : 's'} (!)`, { color: 'red', bold: true }) : seg('no failed boots', HINT_STYLE);
}

/** `showMessage`: the transient message takes the place of rate and counts (the prompt line is busy). */
export function statusLine(s: StatusInfo, width: number, showMessage: boolean): Line {
  const position: Seg[] = [seg(`row ${s.position}/${s.total}`)];
  // Parts in display order with their priority (lower is dropped first).
  const parts: { segs: Seg[]; priority: number }[] = [{ segs: [followPart(s)], priority: 9 }];
  if (showMessage && s.message) {
    parts.push({ segs: [seg(sanitize(s.message), { bold: true })], priority: 7 });
  } else {
    parts.push({ segs: [seg(`files ${s.files}`)], priority: 3 });
    parts.push({ segs: [seg(`${compactCount(s.linesPerSecond)} lines/s`)], priority: 2 });
    parts.push({ segs: countsPart(s), priority: 5 });
  }
  if (s.failures !== null && s.failures !== undefined) parts.push({ segs: [failuresPart(s.failures)], priority: 8 });
  if (s.history) parts.push({ segs: [seg(historyBar(s.history.doneBytes, s.history.totalBytes), { color: 'cyan' })], priority: 6 });

  const sep = seg('  ', HINT_STYLE);
  const rightW = lineWidth({ segs: position });
  const fits = (ps: typeof parts): boolean =>
    ps.reduce((w, p) => w + lineWidth({ segs: p.segs }) + 2, 0) + rightW <= width;
  let kept = parts;
  while (kept.length > 1 && !fits(kept)) {
    const lowest = kept.reduce((a, b) => (b.priority < a.priority ? b : a));
    kept = kept.filter((p) => p !== lowest);
  }
  const left: Seg[] = [];
  kept.forEach((p, i) => { if (i) left.push(sep); left.push(...p.segs); });
  const leftW = lineWidth({ segs: left });
  if (leftW + 2 + rightW > width) {
    // Not even the follow state and the position fit together: keep the position, then the state.
    return fitLine({ segs: rightW < width ? [...left.slice(0, 1).map((x) => seg(ellipsize(x.text, width - rightW - 1), x.style)), seg(' '), ...position] : position }, width);
  }
  return fitLine({ segs: [...left, seg(' '.repeat(width - leftW - rightW)), ...position] }, width);
}

export function StatusLine({ status, width, showMessage }: { status: StatusInfo; width: number; showMessage: boolean }): React.ReactElement | null {
  return <LineList lines={[statusLine(status, width, showMessage)]} width={width} height={1} />;
}
