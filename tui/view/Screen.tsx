// The whole terminal: main area (log, trace, help, fields or incidents) over the filter bar, the status
// line and the prompt line. Pure: renders one Frame. Invariant: exactly frame.height lines of
// at most frame.width cells, so the terminal never scrolls and frames replace each other.

import React from 'react';
import { Box } from 'ink';
import { KEY_HELP } from '../model/keymap.js';
import type { Frame } from '../model/types.js';
import { FieldsView } from './FieldsView.js';
import { FilterBar } from './FilterBar.js';
import { HelpView, type KeyHelpEntry } from './HelpView.js';
import { IncidentPane } from './IncidentPane.js';
import { LogView } from './LogView.js';
import { PromptLine } from './PromptLine.js';
import { StatusLine } from './StatusLine.js';
import { TracePane } from './TracePane.js';

/** Filter bar, status line, prompt line. */
export const CHROME_LINES = 3;

export interface ScreenProps {
  frame: Frame;
  /** Key reference for the help mode (default: the keymap's table). */
  helpEntries?: readonly KeyHelpEntry[];
  /** Filter prompt syntax for the help mode besides KEY_HELP's own `f: …` rows (default: none). */
  filterSyntax?: readonly KeyHelpEntry[];
}

function MainArea({ frame, height, helpEntries, filterSyntax }: Required<ScreenProps> & { height: number }): React.ReactElement | null {
  const w = frame.width;
  switch (frame.mode) {
    case 'help': return <HelpView entries={helpEntries} filterSyntax={filterSyntax} width={w} height={height} />;
    case 'trace': return <TracePane data={frame.trace} width={w} height={height} />;
    case 'fields': return <FieldsView row={frame.fields} width={w} height={height} />;
    case 'incidents': return <IncidentPane data={frame.incidents} width={w} height={height} />;
    default: return <LogView frame={frame} height={height} />;
  }
}

export function Screen({ frame, helpEntries = KEY_HELP, filterSyntax = [] }: ScreenProps): React.ReactElement | null {
  const { width, height } = frame;
  if (width <= 0 || height <= 0) return null;
  const mainHeight = Math.max(0, height - CHROME_LINES);
  // On a screen shorter than the chrome, the lowest bars win (the prompt is where typing shows).
  const bars = [
    <FilterBar key="filter" chips={frame.filterChips} width={width} />,
    <StatusLine key="status" status={frame.status} width={width} showMessage={frame.prompt !== null} />,
    <PromptLine key="prompt" frame={frame} />,
  ].slice(CHROME_LINES - Math.min(CHROME_LINES, height));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden" flexShrink={0}>
      {mainHeight > 0 && <MainArea frame={frame} height={mainHeight} helpEntries={helpEntries} filterSyntax={filterSyntax} />}
      {bars}
    </Box>
  );
}
