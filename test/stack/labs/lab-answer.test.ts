// Judging a lab answer (stack/labs/lab-answer.ts) against real traces: the hand-made sample log
// sets traced by the tracer, read as nova-lab reads `nova-trace --json`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../../core/trace/trace-request.js';
import { acceptedHosts, describeJudgement, judgeAnswer, linesToShow, provingLines, quoteOverlapsProof, traceLines, type LabTraceJson, type TraceLine } from '../../../stack/labs/lab-answer.js';
import { excerpt, judgeAndExplain } from '../../../stack/labs/lab-check.js';
import { labById, type Lab } from '../../../stack/labs/lab-catalog.js';

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples');
const HOSTS = ['ctl1', 'cmp1', 'cmp2'];

async function linesOf(set: string): Promise<TraceLine[]> {
  const dir = path.join(SAMPLES, set);
  const { query } = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { query: string };
  const { trace } = await traceRequest([dir], query, { lineNumbers: true });
  const json = JSON.parse(JSON.stringify(trace)) as LabTraceJson;
  return traceLines(json, (f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'));
}

const kvm = labById('kvm')!;
let kvmLines: TraceLine[];
beforeAll(async () => { kvmLines = await linesOf('retries-exceeded'); });
const judge = (answer: Parameters<typeof judgeAnswer>[1], handsOn = true, lab: Lab = kvm, lines = kvmLines) => judgeAnswer(lab, answer, lines, handsOn, HOSTS);

describe('the lines of a trace', () => {
  it.each(['retries-exceeded', 'reschedule', 'no-allocation-candidates', 'boot-success-pike'])('%s: every numbered line is the physical line of its file', async (set) => {
    const lines = await linesOf(set);
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) {
      const physical = fs.readFileSync(path.join(SAMPLES, set, l.file), 'utf8').split('\n')[l.line! - 1];
      expect(physical, `${l.file}:${l.line}`).toContain(l.text.trimEnd());
    }
  });

  it('places a traceback line after another process\'s line where it really is (reschedule: privsep lines inside the traceback)', async () => {
    const lines = await linesOf('reschedule');
    const last = lines.filter((l) => l.file === 'cmp1/nova-compute.log' && /^libvirt\.libvirtError: .*Permission denied/.test(l.text));
    expect(last.length).toBeGreaterThan(0);
    const physical = fs.readFileSync(path.join(SAMPLES, 'reschedule/cmp1/nova-compute.log'), 'utf8').split('\n');
    for (const l of last) expect(physical[l.line! - 1]).toMatch(/libvirtError: .*Permission denied/);
  });
});

describe('the proof of a lab in its trace', () => {
  it('kvm: the compute lines saying Permission denied, on both compute hosts', () => {
    const proving = provingLines(kvmLines, kvm);
    expect(proving.map((l) => l.file)).toEqual(expect.arrayContaining(['cmp1/nova-compute.log', 'cmp2/nova-compute.log']));
    expect(proving.every((l) => l.service === 'compute' && /Permission denied|Could not access KVM/i.test(l.text))).toBe(true);
    expect(acceptedHosts(proving, kvm)).toEqual(['cmp1', 'cmp2']);
  });

  it('crowded (hosts-full): the scheduler\'s and placement\'s lines, on the controller', async () => {
    const lab = labById('crowded')!;
    const lines = await linesOf('no-allocation-candidates');
    const proving = provingLines(lines, lab);
    expect(proving.some((l) => /Got no allocation candidates/.test(l.text))).toBe(true);
    expect(acceptedHosts(proving, lab)).toEqual(['ctl1']);
    expect(judge({ cause: 'hosts-full', host: 'ctl1', quote: 'no allocation candidates' }, true, lab, lines).correct).toBe(true);
    expect(judge({ cause: 'hosts-full', host: 'cmp1', quote: 'no allocation candidates' }, true, lab, lines)).toMatchObject({ correct: false, host: { ok: false, why: "cmp1's logs do not show the cause of this boot" } });
  });

  it('a lab whose faults name hosts accepts only those hosts', () => {
    const onlyCmp1: Lab = { ...kvm, faults: [{ name: 'hypervisor-permission', host: 'cmp1' }] };
    expect(acceptedHosts(provingLines(kvmLines, onlyCmp1), onlyCmp1)).toEqual(['cmp1']);
  });

  it('a quote counts where it covers the telling words', () => {
    expect(quoteOverlapsProof('could not access kvm kernel module: permission denied', 'permission denied', 'Permission denied')).toBe(true);
    expect(quoteOverlapsProof('got no allocation candidates from the placement api', 'no allocation candidates', 'Got no allocation candidates')).toBe(true);
    expect(quoteOverlapsProof('instance failed to spawn: permission denied', 'instance failed to spawn', 'Permission denied')).toBe(false);
  });
});

describe('judging an answer (hands-on: cause, host and line or quote)', () => {
  const rootLine = 'cmp2/nova-compute.log:134';

  it('accepts the cause, a host that failed and the root-cause line', () => {
    const j = judge({ cause: 'hypervisor-permission', host: 'cmp2', line: rootLine });
    expect(j).toMatchObject({ correct: true, missing: [], cause: { ok: true }, host: { ok: true }, evidence: { ok: true } });
    expect(j.matched).toMatchObject({ file: 'cmp2/nova-compute.log', line: 134, host: 'cmp2' });
  });

  it('accepts the other failed host, a traceback line, a quote, and the file named with its directory or an absolute path', () => {
    const tb = provingLines(kvmLines, kvm).find((l) => l.text.startsWith('libvirt.libvirtError') && l.file.startsWith('cmp1'))!;
    expect(judge({ cause: 'hypervisor-permission', host: 'cmp1', line: `${tb.file}:${tb.line}` }).correct).toBe(true);
    expect(judge({ cause: 'hypervisor-permission', host: 'CMP1', quote: 'Permission   denied' }).correct).toBe(true);
    expect(judge({ cause: 'hypervisor-permission', host: 'cmp2', line: `/var/log/collected/${rootLine}` }).correct).toBe(true);
  });

  it('says precisely which part is wrong', () => {
    const j = judge({ cause: 'hypervisor-permission', host: 'ctl1', line: rootLine });
    expect(j.correct).toBe(false);
    expect(describeJudgement(j, 'line')).toEqual(['the cause is right; the host is not; the line is right', "  host: ctl1's logs do not show the cause of this boot"]);
    expect(describeJudgement(judge({ cause: 'disk-full', host: 'cmp2', line: rootLine }), 'line')[0]).toBe('the cause is not; the host is right; the line is right');
  });

  it('tells a host that is not in the lab stack from one that does not show it', () => {
    expect(judge({ cause: 'hypervisor-permission', host: 'cmp9', line: rootLine }).host).toEqual({ ok: false, why: 'cmp9 is not a host of the lab stack (ctl1, cmp1, cmp2)' });
  });

  it('refuses a line outside the boot, a line of the boot that proves nothing, and a malformed reference', () => {
    expect(judge({ cause: 'hypervisor-permission', host: 'cmp2', line: 'cmp2/nova-compute.log:1' }).evidence).toEqual({ ok: false, why: 'cmp2/nova-compute.log:1 is not a line of this boot (nova-trace <request id> --records lists them)' });
    const claim = kvmLines.find((l) => /Claim successful/.test(l.text))!;
    const j = judge({ cause: 'hypervisor-permission', host: 'cmp2', line: `${claim.file}:${claim.line}` });
    expect(j.evidence).toMatchObject({ ok: false, why: expect.stringMatching(/belongs to this boot but does not show the cause: ".*Claim successful/) });
    expect(judge({ cause: 'hypervisor-permission', host: 'cmp2', line: 'nova-compute.log' }).evidence).toMatchObject({ ok: false, why: expect.stringContaining('--line wants FILE:LINE') });
  });

  it('refuses a quote too short, not in the boot, or not the telling words', () => {
    expect(judge({ cause: 'hypervisor-permission', host: 'cmp2', quote: 'denied' }).evidence).toMatchObject({ ok: false, why: expect.stringContaining('at least 8 characters') });
    expect(judge({ cause: 'hypervisor-permission', host: 'cmp2', quote: 'No space left on device' }).evidence).toEqual({ ok: false, why: 'no line of this boot contains "No space left on device"' });
    expect(judge({ cause: 'hypervisor-permission', host: 'cmp2', quote: 'Instance failed to spawn' }).evidence).toMatchObject({ ok: false, why: expect.stringMatching(/^"Instance failed to spawn" is in cmp\d\/nova-compute\.log:\d+, but those words do not show the cause/) });
  });

  it('a hands-on answer without host or evidence is incomplete, a guided one is not', () => {
    expect(judge({ cause: 'hypervisor-permission' })).toMatchObject({ correct: false, missing: ['--host HOST', '--line FILE:LINE or --quote "TEXT"'] });
    expect(judge({ cause: 'hypervisor-permission', host: 'cmp2' }).missing).toEqual(['--line FILE:LINE or --quote "TEXT"']);
    expect(judge({ cause: 'hypervisor-permission' }, false)).toMatchObject({ correct: true, missing: [], host: null, evidence: null });
    expect(judge({ cause: 'hosts-full' }, false)).toMatchObject({ correct: false, cause: { ok: false, why: 'hosts-full is not what failed this boot' } });
    expect(judge({ cause: 'hypervisor-permission', host: 'ctl1' }, false).correct).toBe(false);
  });
});

describe('after a correct answer', () => {
  it('names the proving lines (the one given first) and the lab\'s explanation and fix', () => {
    const { j, lines } = judgeAndExplain(kvm, { cause: 'hypervisor-permission', host: 'cmp2', line: 'cmp2/nova-compute.log:134' }, kvmLines, true, HOSTS);
    expect(j.correct).toBe(true);
    expect(lines[0]).toBe('correct: hypervisor-permission on cmp2, shown by cmp2/nova-compute.log:134.');
    expect(lines).toContain('The lines that prove it:');
    expect(lines[2]).toMatch(/^  cmp2\/nova-compute\.log:134  compute@cmp2  .*(Could not access KVM|Permission denied)/);
    expect(lines.some((l) => l.startsWith('  cmp1/nova-compute.log:'))).toBe(true);
    expect(lines).toContain(`What they show: ${kvm.proof.explain}`);
    expect(lines).toContain(`The real fix: ${kvm.proof.fix}`);
    expect(linesToShow(j).length).toBeLessThanOrEqual(3);
  });

  it('a wrong answer is said part by part', () => {
    const { lines } = judgeAndExplain(kvm, { cause: 'hypervisor-permission', host: 'ctl1', quote: 'Permission denied' }, kvmLines, true, HOSTS);
    expect(lines).toEqual(['not yet: the cause is right; the host is not; the quote is right.', "  host: ctl1's logs do not show the cause of this boot"]);
  });
});

describe('excerpt', () => {
  it('keeps a long line\'s telling words in view', () => {
    const long = `${'x'.repeat(300)} No space left on device ${'y'.repeat(300)}`;
    const e = excerpt(long, 'No space left on device');
    expect(e.length).toBeLessThanOrEqual(160);
    expect(e).toContain('No space left on device');
    expect(e.startsWith('…') && e.endsWith('…')).toBe(true);
    expect(excerpt('short line', 'x')).toBe('short line');
  });
});

describe('the wording of a wrong answer', () => {
  it('"is not" beside a right part, "is not right" when nothing is right', () => {
    expect(describeJudgement(judge({ cause: 'disk-full' }, false), 'line')).toEqual(['the cause is not right', '  cause: disk-full is not what failed this boot']);
    expect(describeJudgement(judge({ cause: 'disk-full', host: 'ctl1', quote: 'Permission denied' }), 'quote')[0]).toBe('the cause is not; the host is not; the quote is right');
  });
});
