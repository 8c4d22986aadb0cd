// The lab's own trace, for judging an answer: the built nova-trace (next to nova-lab.js in
// dist/) run on the lab's request with line numbers, as JSON. stack/ does not import the tracer;
// it runs it as the trainee does.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { traceLines, type LabTraceJson, type TraceLine } from './lab-answer.js';

/** The lines of the lab's boot, numbered as in the files. */
export function labTraceLines(here: string, requestId: string, logDir: string): TraceLine[] {
  const cache = new Map<string, string[] | null>();
  const read = (file: string) => {
    if (!cache.has(file)) {
      try { cache.set(file, fs.readFileSync(path.join(logDir, file), 'utf8').split('\n')); } catch { cache.set(file, null); }
    }
    return cache.get(file) ?? null;
  };
  return traceLines(labTrace(here, requestId, logDir), read);
}

export function labTrace(here: string, requestId: string, logDir: string): LabTraceJson {
  const cli = path.join(here, 'nova-trace.js');
  if (!fs.existsSync(cli)) throw new Error(`cannot check the answer: ${cli} is missing (npm run build)`);
  if (!requestId) throw new Error('cannot check the answer: the lab has no request id (start it again)');
  const r = spawnSync(process.execPath, [cli, requestId, '--log-dir', logDir, '--json', '--line-numbers', '--no-color'], { encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  try {
    return JSON.parse(r.stdout) as LabTraceJson;
  } catch {
    throw new Error(`cannot check the answer: nova-trace ${requestId} failed (${(r.stderr || `exit ${r.status}`).trim()})`);
  }
}
