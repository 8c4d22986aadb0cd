// The bottom line: the search or filter prompt with its cursor while one is open, else the
// transient message, else key hints. Invariant: one line; a long prompt shows its tail so the
// cursor stays on screen.

import React from 'react';
import type { Frame } from '../model/types.js';
import { HINT_STYLE } from './colors.js';
import { LineList } from './LineList.js';
import { seg, type Line } from './screen-line.js';
import { cellWidth, ellipsize, sanitize, sliceCells } from './text-cells.js';

export const PROMPT_LEADS = { search: '/', filter: 'filter: ' } as const;
export const KEY_HINTS = '? help  / search  f filter  Enter trace  ! incidents  p fields  q quit';
const CURSOR = { inverse: true } as const;

export function promptLine(frame: Pick<Frame, 'prompt' | 'status'>, width: number): Line {
  const p = frame.prompt;
  if (!p) {
    const msg = frame.status.message;
    return msg ? { segs: [seg(ellipsize(sanitize(msg), width), { bold: true })] } : { segs: [seg(ellipsize(KEY_HINTS, width), HINT_STYLE)] };
  }
  const lead = PROMPT_LEADS[p.kind];
  const text = sanitize(p.text);
  const room = width - cellWidth(lead) - 1;
  const tw = cellWidth(text);
  const shown = tw > room ? sliceCells(text, tw - room, room) : text;
  return { segs: [seg(lead, { bold: true }), seg(shown), seg(' ', CURSOR)] };
}

export function PromptLine({ frame }: { frame: Frame }): React.ReactElement | null {
  return <LineList lines={[promptLine(frame, frame.width)]} width={frame.width} height={1} />;
}
