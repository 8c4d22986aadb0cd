// One screen line as data: styled segments that the pure layout functions build and
// <LineList> prints. Invariant: a Line built by these helpers measures at most the width it
// was fitted to, so a view's height is the number of Lines it returns.

import { cellWidth, sliceCells } from './text-cells.js';

/** The Ink <Text> props a segment may carry. */
export interface SegStyle {
  color?: string;
  backgroundColor?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

export interface Seg {
  text: string;
  style?: SegStyle;
}

export interface Line {
  segs: Seg[];
  /** Style over the whole line (the focus bar); the line is padded to the full width under it. */
  bar?: SegStyle;
}

export const EMPTY_LINE: Line = { segs: [] };

export function seg(text: string, style?: SegStyle): Seg {
  return style ? { text, style } : { text };
}

export function line(...segs: Seg[]): Line {
  return { segs };
}

export function lineWidth(l: Line): number {
  let w = 0;
  for (const s of l.segs) w += cellWidth(s.text);
  return w;
}

/** `l` cut to `width` cells (segments past the edge dropped, the one on it cut). */
export function fitLine(l: Line, width: number): Line {
  const out: Seg[] = [];
  let room = width;
  for (const s of l.segs) {
    if (room <= 0) break;
    const w = cellWidth(s.text);
    if (w <= room) { out.push(s); room -= w; continue; }
    out.push({ ...s, text: sliceCells(s.text, 0, room) });
    room = 0;
  }
  return l.bar ? { segs: out, bar: l.bar } : { segs: out };
}

/** Exactly `height` lines: extra ones dropped, missing ones blank. */
export function fitLines(lines: readonly Line[], height: number): Line[] {
  const out = lines.slice(0, Math.max(0, height));
  while (out.length < height) out.push(EMPTY_LINE);
  return out;
}
