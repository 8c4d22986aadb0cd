#!/usr/bin/env node
// nova-lab: training labs for diagnosing failed boots. `list`, `start <lab>`, `hint`,
// `check <answer>`, `reset`, `stop`. Progress is kept in $NOVA_LAB_DIR (default
// ~/.local/state/nova-lab), next to the lab stack and its logs.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropOutputOnClosedPipe } from '../cli/closed-pipe.js';
import { LAB_USAGE, LabUsageError, parseLabArgs, type LabArgs } from './lab-args.js';
import { CHOICES, LABS, labById } from './lab-catalog.js';
import { connect, ensureStack, labPaths, resetLabs, runLab } from './lab-runner.js';

interface Progress { solved: string[]; current: { lab: string; hintsShown: number; requestId: string } | null }

const root = process.env.NOVA_LAB_DIR || path.join(os.homedir(), '.local', 'state', 'nova-lab');
const p = labPaths(root, path.dirname(fileURLToPath(import.meta.url)));
const progressFile = path.join(root, 'progress.json');
const out = (s: string) => process.stdout.write(s + '\n');

function load(): Progress {
  try { return JSON.parse(fs.readFileSync(progressFile, 'utf8')) as Progress; } catch { return { solved: [], current: null }; }
}
function save(pr: Progress): void {
  fs.writeFileSync(progressFile, JSON.stringify(pr, null, 2));
}

/** True when a lab stack was running (`nova-stack status` exits 2 when there is none). */
function stackRunning(): boolean {
  const st = spawnSync(process.execPath, [p.stackCli, 'status', '--state-dir', p.stateDir], { encoding: 'utf8', timeout: 30_000 });
  return st.status !== 2;
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
  switch (cmd) {
    case 'list':
      out(`${'lab'.padEnd(16)} ${'difficulty'.padEnd(10)} title`);
      for (const l of LABS) out(`${l.id.padEnd(16)} ${l.difficulty.padEnd(10)} ${l.title}${pr.solved.includes(l.id) ? '  ✓ solved' : ''}`);
      out(`\n${pr.solved.length} of ${LABS.length} solved. Start one with: nova-lab start <lab>`);
      return 0;
    case 'start': {
      const lab = arg ? labById(arg) : undefined;
      if (!lab) { process.stderr.write(`nova-lab: unknown lab '${arg ?? ''}' (see nova-lab list)\n`); return 2; }
      ensureStack(p, out);
      const cloud = await connect(p);
      await resetLabs(p, cloud);
      out(`Lab ${lab.id}: ${lab.title} (${lab.difficulty})`);
      const r = await runLab(p, cloud, lab);
      save({ ...pr, current: { lab: lab.id, hintsShown: 0, requestId: r.requestId } });
      out(`\nA user reports: ${lab.symptom}.`);
      out(r.apiMessage ? `(the API answered: ${r.apiMessage})` : `(openstack server show lab-vm says ${r.status})`);
      out(`\nYour tools:\n  source ${path.join(p.stateDir, 'openrc')}      # the openstack and nova CLIs, as admin\n  nova-trace <request id> --log-dir ${p.logDir}\n  ls ${p.logDir}\n  nova-lab hint | nova-lab check <cause> | nova-lab reset | nova-lab stop`);
      out(`\nName the cause: ${CHOICES.map((c, i) => `${i + 1}) ${c}`).join('  ')}`);
      return 0;
    }
    case 'hint': {
      const lab = pr.current ? labById(pr.current.lab) : undefined;
      if (!lab || !pr.current) { out('no lab is running: nova-lab start <lab>'); return 2; }
      if (pr.current.hintsShown >= lab.hints.length) { out(`no more hints (${lab.hints.length} given)`); return 0; }
      out(`hint ${pr.current.hintsShown + 1}/${lab.hints.length}: ${lab.hints[pr.current.hintsShown]}`);
      pr.current.hintsShown += 1;
      save(pr);
      return 0;
    }
    case 'check': {
      const lab = pr.current ? labById(pr.current.lab) : undefined;
      if (!lab) { out('no lab is running: nova-lab start <lab>'); return 2; }
      if (!arg) { out(`name the cause: ${CHOICES.map((c, i) => `${i + 1}) ${c}`).join('  ')}`); return 2; }
      const answer = /^\d+$/.test(arg) ? CHOICES[Number(arg) - 1] : arg;
      if (answer === lab.answer) {
        if (!pr.solved.includes(lab.id)) pr.solved.push(lab.id);
        save(pr);
        out(`correct: ${lab.answer}. ${pr.solved.length} of ${LABS.length} labs solved.`);
        return 0;
      }
      out(`not ${answer ?? arg}. Look again${lab.hints.length > (pr.current?.hintsShown ?? 0) ? ' (nova-lab hint)' : ''}.`);
      return 1;
    }
    case 'reset': {
      ensureStack(p, out);
      await resetLabs(p, await connect(p));
      save({ ...pr, current: null });
      out('lab reset: faults cleared, lab-vm deleted, quota restored');
      return 0;
    }
    case 'stop': {
      if (!stackRunning()) {
        save({ ...pr, current: null });
        out(`no lab stack was running (state in ${p.stateDir}); progress kept in ${progressFile}`);
        return 0;
      }
      spawnSync(process.execPath, [p.stackCli, 'down', '--state-dir', p.stateDir], { encoding: 'utf8', timeout: 60_000 });
      save({ ...pr, current: null });
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
