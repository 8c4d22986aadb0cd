// Scores and progress (stack/labs/lab-score.ts), the lab catalogue's order and numbers, and
// nova-lab's options (stack/labs/lab-args.ts).
import { describe, expect, it } from 'vitest';
import { LabUsageError, parseLabArgs } from '../../../stack/labs/lab-args.js';
import { CHOICES, LABS, ORDERED_LABS, causeByRef, labByRef } from '../../../stack/labs/lab-catalog.js';
import { answerChecked, formatSeconds, hintShown, listRows, migrateProgress, renderList, solvedCount, startRun, emptyProgress } from '../../../stack/labs/lab-score.js';

const T0 = new Date('2026-12-01T10:00:00Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);

describe('scores', () => {
  it('counts answers and hints and times a run from start to the correct answer', () => {
    let p = startRun(emptyProgress(), 'kvm', 'hands-on', 'req-1', T0);
    p = hintShown(p);
    p = answerChecked(p, false, at(30)).progress;
    expect(p.scores.kvm).toEqual({ solved: false, mode: 'hands-on', attempts: 1, hints: 1, seconds: null, solvedAt: null });
    const { progress, run } = answerChecked(p, true, at(185));
    expect(run).toEqual({ solved: true, mode: 'hands-on', attempts: 2, hints: 1, seconds: 185, solvedAt: at(185).toISOString() });
    expect(progress.current).toBeNull();
    expect(progress.scores.kvm).toEqual(run);
    expect(solvedCount(progress)).toBe(1);
  });

  it('keeps the first solve; a hands-on solve replaces a guided one', () => {
    const solve = (p: ReturnType<typeof emptyProgress>, mode: 'guided' | 'hands-on', secs: number) => answerChecked(startRun(p, 'kvm', mode, 'r', T0), true, at(secs)).progress;
    const guided = solve(emptyProgress(), 'guided', 40);
    expect(solve(guided, 'guided', 10).scores.kvm.seconds).toBe(40);
    expect(solve(guided, 'hands-on', 300).scores.kvm).toMatchObject({ mode: 'hands-on', seconds: 300 });
    const handsOn = solve(emptyProgress(), 'hands-on', 300);
    expect(solve(handsOn, 'guided', 5).scores.kvm).toMatchObject({ mode: 'hands-on', seconds: 300 });
    const failedRerun = answerChecked(startRun(handsOn, 'kvm', 'guided', 'r', T0), false, at(9)).progress;
    expect(failedRerun.scores.kvm).toMatchObject({ solved: true, seconds: 300 });
  });

  it('does nothing without a running lab', () => {
    expect(answerChecked(emptyProgress(), true, T0)).toEqual({ progress: emptyProgress(), run: null });
    expect(hintShown(emptyProgress())).toEqual(emptyProgress());
  });

  it('reads the first progress format ({ solved: [...] }) and garbage', () => {
    const p = migrateProgress({ solved: ['kvm', 'quota'], current: { lab: 'quota', hintsShown: 1, requestId: 'req-9' } });
    expect(p.scores.kvm).toMatchObject({ solved: true, mode: 'guided', seconds: null });
    expect(p.current).toMatchObject({ lab: 'quota', mode: 'guided', hintsShown: 1, requestId: 'req-9', attempts: 0 });
    expect(migrateProgress('nonsense')).toEqual(emptyProgress());
    expect(migrateProgress(null)).toEqual(emptyProgress());
  });

  it('formats times', () => {
    expect([formatSeconds(null), formatSeconds(7), formatSeconds(185), formatSeconds(3 * 3600 + 120)]).toEqual(['—', '7 s', '3 min 05 s', '3 h 02 min']);
  });

  it('lists every lab numbered, with result, answers, hints, time and mode', () => {
    let p = answerChecked(startRun(emptyProgress(), 'kvm', 'hands-on', 'r', T0), true, at(65)).progress;
    p = startRun(p, 'quota', 'guided', 'r', T0);
    const rows = listRows(ORDERED_LABS, p);
    const text = renderList(rows);
    expect(text[0]).toMatch(/^ #  lab\s+level\s+release\s+title\s+result\s+answers hints\s+time  mode$/);
    expect(text).toHaveLength(LABS.length + 1);
    expect(text.find((l) => / kvm /.test(l))).toMatch(/^\s*\d+  kvm\s+medium\s+current\s+Every host refuses to start the guest\s+✓ solved\s+1\s+0\s+1 min 05 s  hands-on$/);
    expect(text.find((l) => / quota /.test(l))).toMatch(/… running/);
    expect(rows.map((r) => r.number)).toEqual(LABS.map((_, i) => i + 1));
  });
});

describe('the lab catalogue', () => {
  it('numbers the labs easy to hard', () => {
    const rank = { easy: 0, medium: 1, hard: 2 };
    const ranks = ORDERED_LABS.map((l) => rank[l.difficulty]);
    expect(ranks).toEqual([...ranks].sort());
    expect(new Set(ORDERED_LABS)).toEqual(new Set(LABS));
  });

  it('finds a lab by name or number, and says when there is none', () => {
    expect(labByRef('1')).toEqual({ lab: ORDERED_LABS[0], number: 1 });
    expect(labByRef('kvm')).toMatchObject({ lab: { id: 'kvm' } });
    expect(labByRef('99')).toEqual({ error: `there is no lab 99 (1–${LABS.length})` });
    expect(labByRef('0')).toEqual({ error: `there is no lab 0 (1–${LABS.length})` });
    expect(labByRef('nope')).toMatchObject({ error: expect.stringContaining("there is no lab 'nope'") });
  });

  it('finds a cause by name or number, and says when there is none', () => {
    expect(causeByRef('5')).toEqual({ cause: 'hypervisor-permission' });
    expect(causeByRef('disk-full')).toEqual({ cause: 'disk-full' });
    expect(causeByRef('99')).toEqual({ error: `there is no choice 99 (1–${CHOICES.length})` });
    expect(causeByRef('frob')).toMatchObject({ error: expect.stringContaining("there is no cause 'frob'") });
  });

  it('gives every lab a proof: a valid pattern, an explanation and a fix, and an answer among the choices', () => {
    for (const l of LABS) {
      expect(() => new RegExp(l.proof.pattern, 'i'), l.id).not.toThrow();
      expect(l.proof.explain.length, l.id).toBeGreaterThan(40);
      expect(l.proof.fix.length, l.id).toBeGreaterThan(30);
      expect(CHOICES as readonly string[]).toContain(l.answer);
    }
  });
});

describe('nova-lab options', () => {
  it('start --hands-on; check --host --line / --quote, also as --opt=value', () => {
    expect(parseLabArgs(['start', '5', '--hands-on'])).toEqual({ help: false, cmd: 'start', arg: '5', handsOn: true });
    expect(parseLabArgs(['check', 'disk-full', '--host', 'cmp1', '--line=nova-compute-cmp1.log:118'])).toEqual({ help: false, cmd: 'check', arg: 'disk-full', handsOn: false, host: 'cmp1', line: 'nova-compute-cmp1.log:118' });
    expect(parseLabArgs(['check', '--quote', '--strange words', '5'])).toMatchObject({ arg: '5', quote: '--strange words' });
  });

  it.each([
    [['check', '5', '--hands-on'], '--hands-on does not go with check'],
    [['start', 'kvm', '--host', 'cmp1'], '--host does not go with start'],
    [['check', '5', '--host'], '--host needs a value'],
    [['check', '5', '--line', 'a:1', '--quote', 'b'], 'give --line or --quote, not both'],
    [['check', '5', '--hands-on=yes'], 'unknown option --hands-on=yes'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseLabArgs(argv)).toThrow(LabUsageError);
    expect(() => parseLabArgs(argv)).toThrow(message);
  });
});
