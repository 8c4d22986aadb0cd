// The trace of the focused row's request, in place of the log area (layout in trace-lines.ts).

import React from 'react';
import type { TracePaneData } from '../model/types.js';
import { LineList } from './LineList.js';
import { tracePaneLines } from './trace-lines.js';

export function TracePane({ data, width, height }: { data: TracePaneData | null; width: number; height: number }): React.ReactElement | null {
  return <LineList lines={tracePaneLines(data, width, height)} width={width} height={height} />;
}
