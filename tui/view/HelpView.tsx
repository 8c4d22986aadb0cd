// The key reference: key entries in two columns (one when the pane is narrow), descriptions
// wrapped inside their column, then the filter-prompt syntax. Entries come in as props so the
// view stays pure; Screen passes the keymap's KEY_HELP, whose `f: …` rows are the filter syntax.

import React from 'react';
import { HINT_STYLE, TITLE_STYLE } from './colors.js';
import { LineList } from './LineList.js';
import { EMPTY_LINE, fitLine, seg, type Line } from './screen-line.js';
import { cellWidth, padCells, sanitize, wrapCells } from './text-cells.js';

export interface KeyHelpEntry { keys: string; does: string }

/** Below this width the entries stay in one column. */
export const TWO_COLUMN_MIN_WIDTH = 100;
const MAX_KEYS_CELLS = 18;
const MAX_SYNTAX_CELLS = 26;
/** KEY_HELP rows that describe the filter prompt's terms carry this prefix. */
const FILTER_ROW_PREFIX = 'f: ';
const KEYS_STYLE = { bold: true, color: 'cyan' } as const;

function keysCells(entries: readonly KeyHelpEntry[], max: number): number {
  let w = 0;
  for (const e of entries) w = Math.max(w, cellWidth(e.keys));
  return Math.min(max, w);
}

/** One entry as lines `width` wide: keys in a `keysW` column, the description wrapped beside them. */
function entryLines(e: KeyHelpEntry, keysW: number, width: number): Line[] {
  const room = Math.max(1, width - keysW - 1);
  return wrapCells(sanitize(e.does), room).map((c, i) => fitLine({
    segs: [seg(padCells(i === 0 ? sanitize(e.keys) : '', keysW) + ' ', KEYS_STYLE), seg(padCells(c, room))],
  }, width));
}

function column(entries: readonly KeyHelpEntry[], keysW: number, width: number): Line[] {
  return entries.flatMap((e) => entryLines(e, keysW, width));
}

export function helpLines(entries: readonly KeyHelpEntry[], filterSyntax: readonly KeyHelpEntry[], width: number): Line[] {
  const keys = entries.filter((e) => !e.keys.startsWith(FILTER_ROW_PREFIX));
  const syntaxRows = [...filterSyntax, ...entries.filter((e) => e.keys.startsWith(FILTER_ROW_PREFIX)).map((e) => ({ keys: e.keys.slice(FILTER_ROW_PREFIX.length), does: e.does }))];
  // The same term may come from both lists (the key table's `f: …` rows and the prompt's own): once each.
  const syntax = syntaxRows.filter((e, i) => syntaxRows.findIndex((x) => x.keys === e.keys) === i);
  const out: Line[] = [fitLine({ segs: [seg('nova-trace tail — keys', TITLE_STYLE)] }, width), EMPTY_LINE];
  const keysW = keysCells(keys, MAX_KEYS_CELLS);
  if (width >= TWO_COLUMN_MIN_WIDTH && keys.length > 1) {
    const colW = Math.floor((width - 2) / 2);
    const half = Math.ceil(keys.length / 2);
    const left = column(keys.slice(0, half), keysW, colW);
    const right = column(keys.slice(half), keysW, colW);
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      out.push(fitLine({ segs: [...(left[i]?.segs ?? [seg(' '.repeat(colW))]), seg('  '), ...(right[i]?.segs ?? [])] }, width));
    }
  } else {
    out.push(...column(keys, keysW, width));
  }
  if (syntax.length) {
    out.push(EMPTY_LINE, fitLine({ segs: [seg('Filter prompt (f)', TITLE_STYLE), seg('  terms separated by spaces', HINT_STYLE)] }, width));
    out.push(...column(syntax, keysCells(syntax, MAX_SYNTAX_CELLS), width));
  }
  return out;
}

/** `lines` in `height`; when they do not fit, the last line says how many were left out. */
export function clipWithNote(lines: readonly Line[], width: number, height: number): Line[] {
  if (lines.length <= height || height <= 0) return [...lines];
  const hidden = lines.length - height + 1;
  return [...lines.slice(0, height - 1), fitLine({ segs: [seg(`… ${hidden} more lines — a taller terminal shows them`, HINT_STYLE)] }, width)];
}

export interface HelpViewProps {
  entries: readonly KeyHelpEntry[];
  /** Filter prompt terms shown under the keys, besides KEY_HELP's own `f: …` rows. */
  filterSyntax?: readonly KeyHelpEntry[];
  width: number;
  height: number;
}

export function HelpView({ entries, filterSyntax = [], width, height }: HelpViewProps): React.ReactElement | null {
  return <LineList lines={clipWithNote(helpLines(entries, filterSyntax, width), width, height)} width={width} height={height} />;
}
