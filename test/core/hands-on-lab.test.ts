// nova-trace while a hands-on lab runs (core/cli/hands-on-lab.ts): traces of the lab's logs are
// shown without the cause, probable cause and next check — by the module, the built program (text
// and JSON) and the live view's trace pane — and other logs are not touched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { handsOnLabFor, HANDS_ON_FILE, withholdVerdict } from '../../core/cli/hands-on-lab.js';
import { PLAIN } from '../../core/report/ansi.js';
import { renderTextReport } from '../../core/report/text-report.js';
import { traceRequest } from '../../core/trace/trace-request.js';
import { HANDS_ON_FILE as LAB_SIDE_FILE, clearHandsOn, markHandsOn } from '../../stack/labs/lab-hands-on.js';
import { TraceRunner } from '../../tui/app/trace-runner.js';
import { traceBodyLines } from '../../tui/view/trace-lines.js';
import { BIN, ROOT, runCli } from '../helpers/run-cli.js';

const SAMPLE = path.join(ROOT, 'samples/retries-exceeded');
const OTHER = path.join(ROOT, 'samples/no-valid-host');
const QUERY = 'req-4055afb9-5d4c-4dbd-b883-07d8c43e6dd5';
const labDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nt-hands-on-'));
const env = { NOVA_LAB_DIR: labDir };
afterAll(() => fs.rmSync(labDir, { recursive: true, force: true }));

describe('the hands-on marker', () => {
  it('is the file nova-lab writes, and names the lab only for paths inside its log directory', () => {
    expect(LAB_SIDE_FILE).toBe(HANDS_ON_FILE);
    expect(handsOnLabFor([SAMPLE], env)).toBeNull();
    markHandsOn(labDir, 'kvm', SAMPLE, new Date());
    try {
      expect(handsOnLabFor([SAMPLE], env)).toMatchObject({ lab: 'kvm', log_dir: SAMPLE, end: expect.stringContaining('nova-lab reset') });
      expect(handsOnLabFor([path.join(SAMPLE, 'cmp1/nova-compute.log')], env)).toMatchObject({ lab: 'kvm' });
      expect(handsOnLabFor([OTHER], env)).toBeNull();
      expect(handsOnLabFor([`${SAMPLE}-copy`], env)).toBeNull();
      expect(handsOnLabFor([SAMPLE], { NOVA_LAB_DIR: path.join(labDir, 'elsewhere') })).toBeNull();
    } finally {
      clearHandsOn(labDir);
    }
    expect(handsOnLabFor([SAMPLE], env)).toBeNull();
    fs.writeFileSync(path.join(labDir, HANDS_ON_FILE), '{ torn');
    expect(handsOnLabFor([SAMPLE], env)).toBeNull();
    clearHandsOn(labDir);
  });
});

describe('a withheld trace', () => {
  it('has no cause, probable cause or next check, and says why', async () => {
    const { trace } = await traceRequest([SAMPLE], QUERY);
    expect(trace!.verdict.cause?.id).toBe('hypervisor-permission');
    const w = withholdVerdict(trace!, { lab: 'kvm', log_dir: SAMPLE, end: 'end it with nova-lab reset' });
    expect(w.verdict).toMatchObject({ status: 'ERROR', cause: null, probable_cause: null, next_check: null, signature: 'retries-exceeded', root_cause: trace!.verdict.root_cause });
    expect(w.verdict.summary).not.toContain('hypervisor-permission');
    expect(w.verdict.summary).toContain('(cause withheld)');
    expect(w.warnings[0]).toBe("hands-on lab 'kvm' is running: the cause and next check are withheld; end it with nova-lab reset");
    expect(w.stages).toEqual(trace!.stages);

    const text = renderTextReport(w, { style: PLAIN });
    expect(text).not.toMatch(/^(Cause|Next) /m);
    expect(text).not.toContain('null');
    expect(text).toMatch(/^Signature  retries-exceeded$/m);
    expect(text).toMatch(/^Root cause in compute\.spawn/m);
    expect(text).toContain("note: hands-on lab 'kvm' is running");
  });
});

describe('nova-trace (built) while a hands-on lab runs', () => {
  it('withholds the cause in text and JSON for the lab\'s logs, keeps the exit status, and not for other logs', () => {
    const before = runCli(BIN.trace, [QUERY, '--log-dir', SAMPLE, '--json'], env);
    expect(JSON.parse(before.out).verdict.cause.id).toBe('hypervisor-permission');
    markHandsOn(labDir, 'kvm', SAMPLE, new Date());
    try {
      const json = runCli(BIN.trace, [QUERY, '--log-dir', SAMPLE, '--json'], env);
      expect(json.code).toBe(1);
      const t = JSON.parse(json.out);
      expect(t.verdict).toMatchObject({ cause: null, probable_cause: null, next_check: null });
      expect(t.withheld).toMatchObject({ lab: 'kvm', fields: expect.arrayContaining(['verdict.cause', 'verdict.probable_cause', 'verdict.next_check']) });
      expect(json.out).not.toContain('hypervisor-permission');

      const text = runCli(BIN.trace, [QUERY, '--log-dir', SAMPLE], env);
      expect(text.code).toBe(1);
      expect(text.out).not.toMatch(/^(Cause|Next) /m);
      expect(text.out).not.toContain('hypervisor-permission');
      expect(text.out).toMatch(/^note: hands-on lab 'kvm' is running: the cause and next check are withheld; .*nova-lab reset$/m);

      const other = runCli(BIN.trace, ['req-96f34b7b-2ca0-41fa-a5f2-f28f95c43224', '--log-dir', OTHER], env);
      expect(other.out).toMatch(/^Cause /m);
    } finally {
      clearHandsOn(labDir);
    }
  });
});

describe('the live view\'s trace pane while a hands-on lab runs', () => {
  it('shows the trace without its cause', async () => {
    const saved = process.env.NOVA_LAB_DIR;
    process.env.NOVA_LAB_DIR = labDir;
    markHandsOn(labDir, 'kvm', SAMPLE, new Date());
    const runner = new TraceRunner(SAMPLE, () => {});
    try {
      runner.show(QUERY);
      for (const end = Date.now() + 10_000; runner.current()?.state === 'loading' && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
      const t = runner.current()!.trace!;
      expect(t.verdict).toMatchObject({ status: 'ERROR', cause: null, next_check: null });
      expect(t.warnings[0]).toContain("hands-on lab 'kvm' is running");
      const pane = traceBodyLines(t, 200).map((l) => l.segs.map((x) => x.text).join('').trimEnd());
      expect(pane.some((l) => /^(Cause|Next check)\b/.test(l))).toBe(false);
      expect(pane.find((l) => l.startsWith('Signature'))).toMatch(/^Signature\s+retries-exceeded$/);
      expect(pane.some((l) => l.includes("hands-on lab 'kvm' is running"))).toBe(true);
      expect(pane.join('\n')).not.toContain('hypervisor-permission');
    } finally {
      runner.stop();
      clearHandsOn(labDir);
      if (saved === undefined) delete process.env.NOVA_LAB_DIR; else process.env.NOVA_LAB_DIR = saved;
    }
  });
});
