// The merged log: the frame's visible rows laid out by log-rows.ts. Pure: the frame already
// holds only the visible rows; this clips to `height` as a guard and prints.

import React from 'react';
import type { Frame } from '../model/types.js';
import { LineList } from './LineList.js';
import { logAreaLines } from './log-rows.js';

export function LogView({ frame, height }: { frame: Frame; height: number }): React.ReactElement | null {
  return <LineList lines={logAreaLines(frame, height)} width={frame.width} height={height} />;
}
