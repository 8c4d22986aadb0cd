// Log directories with failed boots for the live view's incidents tests, from the samples
// (real-shaped logs): retries-exceeded (a spawn failure on cmp1, rescheduled, failed on cmp2),
// and no-valid-host moved onto the same afternoon (its lines' date and hour rewritten, nothing
// else) so that both fall in one incidents window.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples');

export const RETRIES_QUERY = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'retries-exceeded/expected.json'), 'utf8')).query as string;
export const NO_VALID_HOST_QUERY = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'no-valid-host/expected.json'), 'utf8')).query as string;

export function copyRetriesExceeded(dest: string): void {
  fs.cpSync(path.join(SAMPLES, 'retries-exceeded'), dest, { recursive: true, filter: (src) => !src.endsWith('expected.json') });
}

/** no-valid-host's files under `dest/<sub>/`, its 2026-11-23 11:xx lines written as 2026-11-26 14:xx. */
export function addNoValidHost(dest: string, sub = 'cloud2'): void {
  const from = path.join(SAMPLES, 'no-valid-host');
  for (const rel of fs.readdirSync(from, { recursive: true }) as string[]) {
    const src = path.join(from, rel);
    if (!fs.statSync(src).isFile() || rel.endsWith('expected.json')) continue;
    const out = path.join(dest, sub, rel);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, fs.readFileSync(src, 'utf8').replace(/^2026-11-23 11:/gm, '2026-11-26 14:'));
  }
}
