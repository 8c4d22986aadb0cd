// The trainee's progress (pure): the lab running now and a score per lab — solved or not, the
// answers given, the hints used, the time from start to solve, and the mode. Kept as JSON in
// $NOVA_LAB_DIR/progress.json; the first progress format ({ solved: string[] }) is read too.

export type LabMode = 'guided' | 'hands-on';

export interface LabScore {
  solved: boolean;
  mode: LabMode;
  /** Answers checked (wrong ones and the right one). */
  attempts: number;
  hints: number;
  /** From `start` to the correct answer. */
  seconds: number | null;
  solvedAt: string | null;
}

export interface CurrentLab { lab: string; mode: LabMode; hintsShown: number; requestId: string; startedAt: string; attempts: number }

export interface Progress { version: 2; scores: Record<string, LabScore>; current: CurrentLab | null }

export function emptyProgress(): Progress {
  return { version: 2, scores: {}, current: null };
}

/** Read any progress JSON we ever wrote; unknown shapes give empty progress. */
export function migrateProgress(raw: unknown): Progress {
  if (!raw || typeof raw !== 'object') return emptyProgress();
  const r = raw as Partial<Progress> & { solved?: unknown; current?: Partial<CurrentLab> | null };
  const scores: Record<string, LabScore> = r.version === 2 && r.scores && typeof r.scores === 'object' ? { ...r.scores } : {};
  if (Array.isArray(r.solved)) {
    for (const id of r.solved) if (typeof id === 'string' && !scores[id]) scores[id] = { solved: true, mode: 'guided', attempts: 0, hints: 0, seconds: null, solvedAt: null };
  }
  const c = r.current;
  const current: CurrentLab | null = c && typeof c.lab === 'string'
    ? { lab: c.lab, mode: c.mode ?? 'guided', hintsShown: c.hintsShown ?? 0, requestId: c.requestId ?? '', startedAt: c.startedAt ?? new Date(0).toISOString(), attempts: c.attempts ?? 0 }
    : null;
  return { version: 2, scores, current };
}

export function startRun(p: Progress, lab: string, mode: LabMode, requestId: string, now: Date): Progress {
  return { ...p, current: { lab, mode, hintsShown: 0, requestId, startedAt: now.toISOString(), attempts: 0 } };
}

export function endRun(p: Progress): Progress {
  return { ...p, current: null };
}

export function hintShown(p: Progress): Progress {
  if (!p.current) return p;
  const current = { ...p.current, hintsShown: p.current.hintsShown + 1 };
  return { ...p, current, scores: keepUnsolved(p.scores, current) };
}

/** A checked answer. A correct one ends the run and scores it: the first solve counts, and a hands-on solve replaces a guided one. */
export function answerChecked(p: Progress, correct: boolean, now: Date): { progress: Progress; run: LabScore | null } {
  if (!p.current) return { progress: p, run: null };
  const current = { ...p.current, attempts: p.current.attempts + 1 };
  if (!correct) return { progress: { ...p, current, scores: keepUnsolved(p.scores, current) }, run: null };
  const run: LabScore = {
    solved: true, mode: current.mode, attempts: current.attempts, hints: current.hintsShown,
    seconds: Math.max(0, Math.round((now.getTime() - Date.parse(current.startedAt)) / 1000)), solvedAt: now.toISOString(),
  };
  const before = p.scores[current.lab];
  const replace = !before?.solved || (before.mode === 'guided' && run.mode === 'hands-on');
  return { progress: { ...p, current: null, scores: replace ? { ...p.scores, [current.lab]: run } : p.scores }, run };
}

/** An unsolved lab's score follows its latest run (a solved one keeps its solve). */
function keepUnsolved(scores: Record<string, LabScore>, c: CurrentLab): Record<string, LabScore> {
  if (scores[c.lab]?.solved) return scores;
  return { ...scores, [c.lab]: { solved: false, mode: c.mode, attempts: c.attempts, hints: c.hintsShown, seconds: null, solvedAt: null } };
}

export function solvedCount(p: Progress): number {
  return Object.values(p.scores).filter((s) => s.solved).length;
}

export function formatSeconds(s: number | null): string {
  if (s === null) return '—';
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export interface ListRow { number: number; id: string; difficulty: string; release: string; title: string; state: string; attempts: string; time: string; hints: string; mode: string }

/** `nova-lab list`'s rows, in the numbered order given. */
export function listRows(labs: readonly { id: string; difficulty: string; title: string; release?: string }[], p: Progress): ListRow[] {
  return labs.map((l, i) => {
    const s = p.scores[l.id];
    const running = p.current?.lab === l.id;
    const state = s?.solved ? '✓ solved' : running ? '… running' : s ? 'not solved' : '';
    return {
      number: i + 1, id: l.id, difficulty: l.difficulty, release: l.release ?? 'current', title: l.title, state,
      attempts: s ? String(s.attempts) : '', time: s?.solved ? formatSeconds(s.seconds) : '', hints: s ? String(s.hints) : '', mode: s ? s.mode : '',
    };
  });
}

export function renderList(rows: readonly ListRow[]): string[] {
  const w = Math.max(...rows.map((r) => r.title.length), 5);
  const head = `${'#'.padStart(2)}  ${'lab'.padEnd(14)} ${'level'.padEnd(7)} ${'release'.padEnd(8)} ${'title'.padEnd(w)}  ${'result'.padEnd(11)} ${'answers'.padStart(7)} ${'hints'.padStart(5)} ${'time'.padStart(11)}  mode`;
  return [head, ...rows.map((r) => `${String(r.number).padStart(2)}  ${r.id.padEnd(14)} ${r.difficulty.padEnd(7)} ${r.release.padEnd(8)} ${r.title.padEnd(w)}  ${r.state.padEnd(11)} ${r.attempts.padStart(7)} ${r.hints.padStart(5)} ${r.time.padStart(11)}  ${r.mode}`.trimEnd())];
}
