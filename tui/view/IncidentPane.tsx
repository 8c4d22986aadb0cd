// The incidents of the followed logs, in place of the log area (layout in incident-lines.ts).

import React from 'react';
import type { IncidentPaneData } from '../model/types.js';
import { LineList } from './LineList.js';
import { incidentPaneLines } from './incident-lines.js';

export function IncidentPane({ data, width, height }: { data: IncidentPaneData | null; width: number; height: number }): React.ReactElement | null {
  return <LineList lines={incidentPaneLines(data, width, height)} width={width} height={height} />;
}
