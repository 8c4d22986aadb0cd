// A copy of a sample log set in which one file stops after its first line holding `needle`,
// followed by `later` lines: a build that stalled there, then whatever the test needs next.
import fs from 'node:fs';
import path from 'node:path';

export function copyCutAfter(sample: string, dir: string, rel: string, needle: string, later: readonly string[]): string {
  fs.cpSync(sample, dir, { recursive: true });
  const log = path.join(dir, rel);
  const lines = fs.readFileSync(log, 'utf8').split('\n');
  const cut = lines.findIndex((l) => l.includes(needle));
  if (cut < 0) throw new Error(`${rel} of ${sample} holds no line with ${JSON.stringify(needle)}`);
  fs.writeFileSync(log, [...lines.slice(0, cut + 1), ...later].join('\n') + '\n');
  return dir;
}
