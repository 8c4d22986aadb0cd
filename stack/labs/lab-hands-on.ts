// The hands-on marker nova-trace reads (core/cli/hands-on-lab.ts): while a hands-on lab runs,
// $NOVA_LAB_DIR/hands-on.json names the lab and its log directory, and nova-trace withholds the
// cause and next check of traces of those logs. A plain JSON file, so that stack/ and core/
// share no code: { "lab", "log_dir", "started", "end" }.

import fs from 'node:fs';
import path from 'node:path';

export const HANDS_ON_FILE = 'hands-on.json';

export function markHandsOn(root: string, lab: string, logDir: string, now: Date): void {
  const body = { lab, log_dir: path.resolve(logDir), started: now.toISOString(), end: 'answer with nova-lab check <cause> --host H --line FILE:LINE, or end the lab with nova-lab reset' };
  fs.writeFileSync(path.join(root, HANDS_ON_FILE), JSON.stringify(body, null, 2) + '\n');
}

export function clearHandsOn(root: string): void {
  fs.rmSync(path.join(root, HANDS_ON_FILE), { force: true });
}
