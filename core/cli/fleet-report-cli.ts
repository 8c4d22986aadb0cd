// nova-trace incidents | stats: the index brought up to date (progress on a terminal), the
// window's boots traced, then the report as text or --json.

import { traceBoots, type TracedBoots } from '../fleet/boot-traces.js';
import { groupIncidents, logTime, type IncidentsReport } from '../fleet/incidents.js';
import { bootStats, sparkline, type Distribution } from '../fleet/latency-stats.js';
import { STAGE_NAMES } from '../stage-names.js';
import { COLOR, PLAIN, useColor } from '../report/ansi.js';
import type { FleetArgs } from './fleet-args.js';
import { writeFleetOutput } from './fleet-export.js';
import { handsOnLabFor, withholdOutcomes } from './hands-on-lab.js';
import { ProgressBar } from './progress-bar.js';

async function boots(a: FleetArgs, err: NodeJS.WriteStream, only: 'failures' | 'all', defaultSinceMs: number | null): Promise<TracedBoots> {
  const bar = new ProgressBar(err, 'indexing');
  let tracing: ProgressBar | null = null;
  const r = await traceBoots({
    paths: a.paths, indexFile: a.index, only,
    window: { sinceMs: a.sinceMs ?? (a.from === null && a.to === null ? defaultSinceMs : null), from: a.from, to: a.to },
    progress: (d, t) => bar.update(d, t),
    warn: (m) => { bar.done(); err.write(`nova-trace: ${m}\n`); },
    tracing: (d, t) => { if (!tracing) { bar.done(); tracing = new ProgressBar(err, 'tracing boots'); } tracing.update(d, t); },
  });
  bar.done();
  (tracing as ProgressBar | null)?.done();
  return r;
}

function windowText(r: TracedBoots, a: FleetArgs, defaultSinceMs: number | null): string {
  const since = a.sinceMs ?? (a.from === null && a.to === null ? defaultSinceMs : null);
  const span = `${Number.isFinite(r.from) ? logTime(r.from) : 'the first line'} → ${Number.isFinite(r.to) ? logTime(r.to) : 'the last line'}`;
  if (since === null) return span;
  const h = since / 3_600_000;
  return `the last ${h >= 1 ? `${+h.toFixed(2)} h` : `${since / 60_000} min`} of the logs (${span}; counted back from the newest log line, not from now)`;
}

export async function runIncidentsCommand(a: FleetArgs, out: NodeJS.WritableStream, err: NodeJS.WriteStream): Promise<number> {
  const DEFAULT = 3_600_000;
  const r = await boots(a, err, 'failures', DEFAULT);
  const lab = handsOnLabFor(a.paths, process.env);
  const held = lab ? withholdOutcomes(r.outcomes, lab) : null;
  const groups = groupIncidents(held?.outcomes ?? r.outcomes);
  const failed = groups.reduce((n, g) => n + g.count, 0);
  return writeFleetOutput(a, r, out, err, failed ? 1 : 0, () => {
    if (a.json) {
      const report: IncidentsReport = {
        schema: 'nova-trace-incidents/v1',
        window: { from: logTime(r.from), to: logTime(r.to), newest_log_line: r.newest === null ? null : logTime(r.newest), since_ms: a.sinceMs ?? (a.from === null && a.to === null ? DEFAULT : null) },
        boots: r.boots, failed_or_stuck: failed, incidents: groups, ...(held && lab ? { withheld: { lab: lab.lab, note: held.note } } : {}),
      };
      out.write(JSON.stringify(report, null, 2) + '\n');
      return;
    }
    const c = useColor(process.stdout, a.color) ? COLOR : PLAIN;
    out.write(`${c.bold('incidents')} in ${windowText(r, a, DEFAULT)}\n`);
    if (held) out.write(`${c.yellow(held.note)}\n`);
    out.write(`${r.boots} boot(s); ${failed ? c.red(`${failed} failed or stuck`) : c.green('none failed or stuck')}${groups.length ? ` in ${groups.length} group(s)` : ''}\n`);
    for (const g of groups) {
      const st = Object.entries(g.statuses).map(([s, n]) => `${n} ${s}`).join(', ');
      out.write(`\n${c.bold(`${String(g.count).padStart(4)} × ${g.cause}`)}${g.host ? ` on ${c.cyan(g.host)}` : ''}  ${g.first.slice(11)} → ${g.last.slice(11)}  ${st}${g.failed_stage ? `  at ${g.failed_stage}` : ''}\n`);
      if (g.probable_cause) out.write(`       cause: ${g.probable_cause}\n`);
      if (g.next_check) out.write(`       check: ${g.next_check}\n`);
      out.write(`       e.g. ${g.examples.join(', ')}   (nova-trace <id> for the whole trace)\n`);
    }
  });
}

function ms(v: number | null): string {
  if (v === null) return '-';
  return v >= 10_000 ? `${(v / 1000).toFixed(1)}s` : v >= 1000 ? `${(v / 1000).toFixed(2)}s` : `${Math.round(v)}ms`;
}

function table(title: string, rows: Record<string, Distribution>): string {
  const keys = Object.keys(rows);
  const w = Math.max(title.length, ...keys.map((k) => k.length));
  const head = `${title.padEnd(w)}  ${'count'.padStart(6)}  ${'p50'.padStart(7)}  ${'p95'.padStart(7)}  ${'p99'.padStart(7)}  ${'max'.padStart(7)}  ${'failed'.padStart(7)}\n`;
  return head + keys.map((k) => {
    const d = rows[k];
    return `${k.padEnd(w)}  ${String(d.count).padStart(6)}  ${ms(d.p50).padStart(7)}  ${ms(d.p95).padStart(7)}  ${ms(d.p99).padStart(7)}  ${ms(d.max).padStart(7)}  ${`${(d.failure_rate * 100).toFixed(1)}%`.padStart(7)}`;
  }).join('\n') + '\n';
}

export async function runStatsCommand(a: FleetArgs, out: NodeJS.WritableStream, err: NodeJS.WriteStream): Promise<number> {
  const r = await boots(a, err, 'all', null);
  const s = bootStats(r.outcomes, 48, STAGE_NAMES);
  return writeFleetOutput(a, r, out, err, 0, () => {
    if (a.json) {
      out.write(JSON.stringify({ schema: 'nova-trace-stats/v1', window: { from: Number.isFinite(r.from) ? logTime(r.from) : null, to: Number.isFinite(r.to) ? logTime(r.to) : null }, ...s }, null, 2) + '\n');
      return;
    }
    out.write(`boot latency in ${windowText(r, a, null)}: ${s.boots} boot(s)\n\n`);
    if (a.by === 'stage') out.write(table('stage', s.by_stage));
    if (a.by === 'host') out.write(table('host', s.by_host));
    if (a.by === 'hour') out.write(table('hour', s.by_hour));
    if (s.timeline.median_ms.length) {
      const peak = Math.max(0, ...s.timeline.median_ms.filter((v): v is number => v !== null));
      out.write(`\nmedian boot time, ${s.timeline.from} → ${s.timeline.to} (${ms(s.timeline.slice_ms)} a column, top ${ms(peak)}):\n  ${sparkline(s.timeline.median_ms)}\n`);
    }
    if (s.slowest.length) {
      out.write('\nslowest boots:\n');
      for (const b of s.slowest) out.write(`  ${ms(b.duration_ms).padStart(7)}  ${b.request_id}  ${b.status}${b.host ? ` on ${b.host}` : ''}  ${b.at}\n`);
    }
  });
}
