// One line naming the active filters as chips, or how to set one. Invariant: one line, never
// wider than the screen — chips that do not fit collapse into "+N".

import React from 'react';
import { CHIP_STYLE, HINT_STYLE } from './colors.js';
import { LineList } from './LineList.js';
import { seg, type Line, type Seg } from './screen-line.js';
import { cellWidth, ellipsize, sanitize } from './text-cells.js';

export const NO_FILTER_HINT = 'no filter — f to filter, ? for help';

export function filterBarLine(chips: readonly string[], width: number): Line {
  if (chips.length === 0) return { segs: [seg(ellipsize(NO_FILTER_HINT, width), HINT_STYLE)] };
  const segs: Seg[] = [seg('filter ', HINT_STYLE)];
  let used = cellWidth('filter ');
  for (let i = 0; i < chips.length; i++) {
    const text = ` ${sanitize(chips[i])} `;
    const more = i < chips.length - 1 ? ` +${chips.length - 1 - i}`.length : 0;
    const w = cellWidth(text) + 1;
    if (used + w + more > width) {
      segs.push(seg(`+${chips.length - i}`, HINT_STYLE));
      break;
    }
    segs.push(seg(text, CHIP_STYLE), seg(' '));
    used += w;
  }
  return { segs };
}

export function FilterBar({ chips, width }: { chips: readonly string[]; width: number }): React.ReactElement | null {
  return <LineList lines={[filterBarLine(chips, width)]} width={width} height={1} />;
}
