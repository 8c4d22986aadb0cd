// Prints Lines as a block of exactly `height` rows of `width` cells: the one place where
// layout data becomes Ink elements. Invariant: never more rows than `height`, no row wider
// than `width` (each row is fitted, and Ink truncates as a second guard).

import React from 'react';
import { Box, Text } from 'ink';
import { fitLine, fitLines, lineWidth, type Line } from './screen-line.js';

export interface LineListProps {
  lines: readonly Line[];
  width: number;
  height: number;
}

function Row({ l, width }: { l: Line; width: number }): React.ReactElement {
  const fitted = fitLine(l, width);
  if (fitted.segs.length === 0 && !fitted.bar) return <Text> </Text>;
  const pad = fitted.bar ? ' '.repeat(Math.max(0, width - lineWidth(fitted))) : '';
  return (
    <Text wrap="truncate-end" {...(fitted.bar ? toProps(fitted.bar) : {})}>
      {fitted.segs.map((s, i) => (s.style ? <Text key={i} {...toProps(s.style)}>{s.text}</Text> : s.text))}
      {pad}
    </Text>
  );
}

function toProps(s: NonNullable<Line['bar']>): Record<string, unknown> {
  return { color: s.color, backgroundColor: s.backgroundColor, bold: s.bold, dimColor: s.dim, italic: s.italic, underline: s.underline, inverse: s.inverse };
}

export function LineList({ lines, width, height }: LineListProps): React.ReactElement | null {
  if (height <= 0 || width <= 0) return null;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden" flexShrink={0}>
      {fitLines(lines, height).map((l, i) => <Row key={i} l={l} width={width} />)}
    </Box>
  );
}
