// The parsed fields of the focused record, one per line, so an operator can see exactly what
// the parser took from a line (and where in which file it sits).

import React from 'react';
import type { RowData } from '../model/types.js';
import { HINT_STYLE, TITLE_STYLE, serviceStyle } from './colors.js';
import { clipWithNote } from './HelpView.js';
import { LineList } from './LineList.js';
import { EMPTY_LINE, fitLine, seg, type Line, type SegStyle } from './screen-line.js';
import { sanitize, wrapCells } from './text-cells.js';

const NAME_CELLS = 18;

/** Field name → value text, in display order (null values show as "—"). */
export function fieldRows(r: RowData): [string, string | null, SegStyle?][] {
  return [
    ['time', r.tsText || null],
    ['file:offset', `${r.file}:${r.offset}`],
    ['origin', `${r.origin.service}${r.origin.host ? `@${r.origin.host}` : ''}  (${r.origin.label})`, serviceStyle(r.origin.service)],
    ['pid', r.pid ? String(r.pid) : null],
    ['level', r.unparsed ? 'unparsed — fits no log format' : r.level],
    ['logger', r.logger || null],
    ['request id', r.requestId],
    ['global request id', r.globalRequestId],
    ['instance', r.instance],
    ['message', r.gone ? 'text no longer on disk' : r.message],
    ['continuation', `${r.continuation.length} line${r.continuation.length === 1 ? '' : 's'}`],
  ];
}

export function fieldsLines(r: RowData | null, width: number): Line[] {
  if (!r) return [fitLine({ segs: [seg('no record focused', HINT_STYLE)] }, width)];
  const out: Line[] = [fitLine({ segs: [seg('parsed fields', TITLE_STYLE)] }, width), EMPTY_LINE];
  const nameW = Math.min(NAME_CELLS, Math.max(0, width - 10));
  for (const [name, value, style] of fieldRows(r)) {
    const chunks = wrapCells(sanitize(value ?? '—'), Math.max(1, width - nameW));
    chunks.forEach((c, i) => {
      const head = seg((i === 0 ? name : '').padEnd(nameW).slice(0, nameW), HINT_STYLE);
      out.push(fitLine({ segs: [head, seg(c, value === null ? HINT_STYLE : style)] }, width));
    });
  }
  return out;
}

export function FieldsView({ row, width, height }: { row: RowData | null; width: number; height: number }): React.ReactElement | null {
  return <LineList lines={clipWithNote(fieldsLines(row, width), width, height)} width={width} height={height} />;
}
