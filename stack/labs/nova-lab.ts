#!/usr/bin/env node
// nova-lab: training labs for diagnosing failed boots. `list`, `start <lab> [--hands-on]`,
// `hint`, `check <cause> [--host H] [--line F:N | --quote T]`, `reset`, `stop`. Progress and
// scores are kept in $NOVA_LAB_DIR (default ~/.local/state/nova-lab), next to the lab stack, its
// logs and, while a hands-on lab runs, the marker nova-trace reads (lab-hands-on.ts).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropOutputOnClosedPipe } from '../cli/closed-pipe.js';
import { readConfig } from '../common/stack-config.js';
import { CONTROLLER, missingParts } from './lab-answer.js';
import { LAB_USAGE, LabUsageError, parseLabArgs, type LabArgs } from './lab-args.js';
import { CHOICES, LABS, ORDERED_LABS, causeByRef, labById, labByRef } from './lab-catalog.js';
import { judgeAndExplain } from './lab-check.js';
import { clearHandsOn, markHandsOn } from './lab-hands-on.js';
import { connect, ensureStack, labPaths, resetLabs, runLab } from './lab-runner.js';
import { answerChecked, endRun, formatSeconds, hintShown, listRows, migrateProgress, renderList, solvedCount, startRun, type Progress } from './lab-score.js';
import { labTraceLines } from './lab-trace.js';

const root = process.env.NOVA_LAB_DIR || path.join(os.homedir(), '.local', 'state', 'nova-lab');
const here = path.dirname(fileURLToPath(import.meta.url));
/** The lab stack of the running lab's release (current Nova unless the lab says legacy). */
let p = labPaths(root, here);
const usePathsOf = (lab: { release?: 'current' | 'legacy' } | undefined) => { p = labPaths(root, here, lab?.release ?? 'current'); };
const progressFile = path.join(root, 'progress.json');
const out = (s: string) => process.stdout.write(s + '\n');
const fail = (s: string) => { process.stderr.write(`nova-lab: ${s}\n`); return 2; };
const choices = () => CHOICES.map((c, i) => `${i + 1}) ${c}`).join('  ');

function load(): Progress {
  try { return migrateProgress(JSON.parse(fs.readFileSync(progressFile, 'utf8'))); } catch { return migrateProgress(null); }
}
function save(pr: Progress): void {
  fs.writeFileSync(progressFile, JSON.stringify(pr, null, 2));
}

/** True when a lab stack was running (`nova-stack status` exits 2 when there is none). */
function stackRunning(): boolean {
  const st = spawnSync(process.execPath, [p.stackCli, 'status', '--state-dir', p.stateDir], { encoding: 'utf8', timeout: 30_000 });
  return st.status !== 2;
}

function knownHosts(): string[] {
  try { return [CONTROLLER, ...readConfig(p.stateDir).computeHosts]; } catch { return [CONTROLLER]; }
}

async function main(argv: string[]): Promise<number> {
  let parsed: LabArgs;
  try {
    parsed = parseLabArgs(argv);
  } catch (e) {
    if (e instanceof LabUsageError) { process.stderr.write(`nova-lab: ${e.message}\n\n${LAB_USAGE}\n`); return 2; }
    throw e;
  }
  if (parsed.help) { out(LAB_USAGE); return 0; }
  const { cmd, arg } = parsed;
  const pr = load();
  usePathsOf(pr.current ? labById(pr.current.lab) : undefined);
  switch (cmd) {
    case 'list':
      for (const line of renderList(listRows(ORDERED_LABS, pr))) out(line);
      out(`\n${solvedCount(pr)} of ${LABS.length} solved. Start one with: nova-lab start <number or name> [--hands-on]`);
      return 0;
    case 'start': {
      if (!arg) return fail(`name a lab: nova-lab start <number or name> (1–${ORDERED_LABS.length}, see nova-lab list)`);
      const ref = labByRef(arg);
      if ('error' in ref) return fail(ref.error);
      const { lab, number } = ref;
      const mode = parsed.handsOn ? 'hands-on' : 'guided';
      usePathsOf(lab);
      if (lab.release === 'legacy') out('this lab runs on a legacy-release (pre-Victoria) stack of its own');
      ensureStack(p, out);
      clearHandsOn(root);
      const cloud = await connect(p);
      await resetLabs(p, cloud);
      out(`Lab ${number} ${lab.id}: ${lab.title} (${lab.difficulty}, ${mode})`);
      const r = await runLab(p, cloud, lab);
      save(startRun(pr, lab.id, mode, r.requestId, new Date()));
      if (mode === 'hands-on') markHandsOn(root, lab.id, p.logDir, new Date());
      out(`\nA user reports: ${lab.symptom}.`);
      out(r.apiMessage ? `(the API answered: ${r.apiMessage})` : `(openstack server show lab-vm says ${r.status})`);
      out(`\nYour tools:\n  source ${path.join(p.stateDir, 'openrc')}      # the openstack and nova CLIs, as admin\n  nova-trace <request id> --log-dir ${p.logDir}\n  ls ${p.logDir}\n  nova-lab hint | nova-lab check <cause> | nova-lab reset | nova-lab stop`);
      out(`Hosts: ${knownHosts().map((h) => (h === CONTROLLER ? `${CONTROLLER} (the api, scheduler, conductor, placement, neutron, glance and cinder logs)` : h)).join(', ')}`);
      if (mode === 'hands-on') {
        out('\nHands-on: nova-trace shows the stages and the log lines of this lab but withholds the cause and the next check.');
        out('Answer with the cause, the host and the line that proves it:\n  nova-lab check <cause> --host <host> --line <file>:<line>      (or --quote "<the telling words>")');
      }
      out(`\nName the cause: ${choices()}`);
      return 0;
    }
    case 'hint': {
      const lab = pr.current ? labById(pr.current.lab) : undefined;
      if (!lab || !pr.current) { out('no lab is running: nova-lab start <lab>'); return 2; }
      if (pr.current.hintsShown >= lab.hints.length) { out(`no more hints (${lab.hints.length} given)`); return 0; }
      out(`hint ${pr.current.hintsShown + 1}/${lab.hints.length}: ${lab.hints[pr.current.hintsShown]}`);
      save(hintShown(pr));
      return 0;
    }
    case 'check': {
      const cause = arg ? causeByRef(arg) : null;
      if (cause && 'error' in cause) return fail(cause.error);
      const cur = pr.current;
      const lab = cur ? labById(cur.lab) : undefined;
      if (!lab || !cur) { out('no lab is running: nova-lab start <lab>'); return 2; }
      if (!cause) { out(`name the cause: ${choices()}`); return 2; }
      const answer = { cause: cause.cause, host: parsed.host, line: parsed.line, quote: parsed.quote };
      const handsOn = cur.mode === 'hands-on';
      const missing = missingParts(answer, handsOn);
      if (missing.length) return fail(`a hands-on lab wants the evidence too: add ${missing.join(' and ')}\n  e.g. nova-lab check ${cause.cause} --host cmp1 --line nova-compute-cmp1.log:118`);
      const { j, lines } = judgeAndExplain(lab, answer, labTraceLines(here, cur.requestId, p.logDir), handsOn, knownHosts());
      const { progress, run } = answerChecked(pr, j.correct, new Date());
      save(progress);
      for (const l of lines) out(l);
      if (!run) {
        const used = progress.current?.attempts ?? 0;
        out(`(${used} answer(s) so far${lab.hints.length > cur.hintsShown ? '; nova-lab hint helps' : ''})`);
        return 1;
      }
      if (handsOn) clearHandsOn(root);
      out(`\nSolved in ${run.attempts} answer(s), ${run.hints} hint(s), ${formatSeconds(run.seconds)} (${run.mode}). ${solvedCount(progress)} of ${LABS.length} labs solved.`);
      return 0;
    }
    case 'reset': {
      ensureStack(p, out);
      clearHandsOn(root);
      await resetLabs(p, await connect(p));
      save(endRun(pr));
      out('lab reset: faults cleared, lab-vm deleted, quota restored');
      return 0;
    }
    case 'stop': {
      clearHandsOn(root);
      // The other release's lab stack goes too.
      for (const r of ['legacy', 'current'] as const) {
        const other = labPaths(root, here, r);
        if (other.stateDir !== p.stateDir) spawnSync(process.execPath, [other.stackCli, 'down', '--state-dir', other.stateDir], { encoding: 'utf8', timeout: 60_000 });
      }
      if (!stackRunning()) {
        save(endRun(pr));
        out(`no lab stack was running (state in ${p.stateDir}); progress kept in ${progressFile}`);
        return 0;
      }
      spawnSync(process.execPath, [p.stackCli, 'down', '--state-dir', p.stateDir], { encoding: 'utf8', timeout: 60_000 });
      save(endRun(pr));
      out(`lab stack stopped; progress kept in ${progressFile}`);
      return 0;
    }
  }
}

dropOutputOnClosedPipe();
main(process.argv.slice(2)).then((c) => { process.exitCode = c; }, (e: Error) => {
  process.stderr.write(`nova-lab: ${e.message}\n`);
  process.exitCode = 1;
});
