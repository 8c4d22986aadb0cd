// nova-lab's hands-on mode as nova-trace sees it. While `nova-lab start <lab> --hands-on` runs,
// nova-lab keeps a plain JSON file, $NOVA_LAB_DIR/hands-on.json (default
// ~/.local/state/nova-lab; written by stack/labs/lab-hands-on.ts):
//   { "lab": "kvm", "log_dir": "/abs/lab/log", "started": "<ISO time>", "end": "how to end it" }
// A trace of that lab's logs (a path given to nova-trace inside log_dir) is then shown without
// the verdict's cause, probable cause and next check, with a note saying why and how to end it.
// Everything else — stages, root-cause line, evidence, the filter funnel — stays: those are the
// logs the trainee reads anyway.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BootOutcome } from '../fleet/boot-traces.js';
import type { Trace } from '../trace/trace-types.js';

export const HANDS_ON_FILE = 'hands-on.json';

export interface HandsOnLab { lab: string; log_dir: string; started?: string; end?: string }

export function labDir(env: NodeJS.ProcessEnv): string {
  return env.NOVA_LAB_DIR || path.join(os.homedir(), '.local', 'state', 'nova-lab');
}

function real(p: string): string {
  try { return fs.realpathSync(p); } catch { return path.resolve(p); }
}

/** The hands-on lab whose logs one of `paths` reads, or null (no lab running, or other logs). */
export function handsOnLabFor(paths: readonly string[], env: NodeJS.ProcessEnv): HandsOnLab | null {
  let lab: HandsOnLab;
  try {
    lab = JSON.parse(fs.readFileSync(path.join(labDir(env), HANDS_ON_FILE), 'utf8')) as HandsOnLab;
  } catch {
    return null;
  }
  if (typeof lab?.lab !== 'string' || typeof lab.log_dir !== 'string') return null;
  const dir = real(lab.log_dir);
  return paths.some((p) => { const r = real(p); return r === dir || r.startsWith(dir + path.sep); }) ? lab : null;
}

/** A trace with its cause, probable cause and next check withheld (pure). */
export function withholdVerdict(t: Trace, lab: HandsOnLab): Trace & { withheld: { lab: string; fields: string[]; note: string } } {
  const v = t.verdict;
  const note = `hands-on lab '${lab.lab}' is running: the cause and next check are withheld; ${lab.end ?? 'answer with nova-lab check, or end it with nova-lab reset'}`;
  const hide = (s: string) => (v.cause ? s.split(v.cause.id).join('(cause withheld)') : s);
  return {
    ...t,
    verdict: {
      ...v,
      cause: null,
      probable_cause: null,
      next_check: null,
      summary: hide(v.summary),
      ...(v.placement ? { placement: { ...v.placement, limiting: null } } : {}),
    },
    ...(t.instance_outcomes ? { instance_outcomes: t.instance_outcomes.map((o) => ({ ...o, cause: null })) } : {}),
    warnings: [note, ...t.warnings],
    withheld: { lab: lab.lab, fields: ['verdict.cause', 'verdict.probable_cause', 'verdict.next_check', 'verdict.placement.limiting', 'instance_outcomes[].cause'], note },
  };
}

/** What nova-trace shows for `t`, read from `paths`: withheld while a hands-on lab of those logs runs. */
export function traceForViewer(t: Trace, paths: readonly string[], env: NodeJS.ProcessEnv): Trace {
  const lab = handsOnLabFor(paths, env);
  return lab ? withholdVerdict(t, lab) : t;
}

/**
 * Boot outcomes with what a trace withholds left out too: grouped by the failure signature
 * (which the trace shows), no catalogue cause, probable cause or next check.
 */
export function withholdOutcomes(outcomes: readonly BootOutcome[], lab: HandsOnLab): { outcomes: BootOutcome[]; note: string } {
  const note = `hands-on lab '${lab.lab}' is running: causes and next checks are withheld; ${lab.end ?? 'answer with nova-lab check, or end it with nova-lab reset'}`;
  return {
    note,
    outcomes: outcomes.map((o) => ({ ...o, cause: o.signature ?? (o.status === 'STUCK' ? 'stuck' : 'cause withheld'), probable_cause: null, next_check: null })),
  };
}
