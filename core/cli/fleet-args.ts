// Arguments of the commands over many requests: `nova-trace index`, `incidents` and `stats`.
// Every problem names the option (UsageError, exit 2).

import { defaultIndexPath } from '../index/index-path.js';
import { UsageError } from './args.js';

/** incidents/stats: the report (text, json) or every failed boot's trace as one export. */
export const FLEET_FORMATS = ['text', 'json', 'otlp', 'jaeger'] as const;
export type FleetFormat = (typeof FLEET_FORMATS)[number];

export interface FleetArgs {
  command: 'index' | 'incidents' | 'stats';
  help: boolean;
  paths: string[];
  index: string;
  json: boolean;
  /** incidents/stats: `--json` is `--format json`; otlp and jaeger export every failed or stuck boot of the window. */
  format: FleetFormat;
  /** incidents/stats: also POST the failed boots' traces as OTLP/JSON to <URL>/v1/traces. */
  otlpEndpoint: string | null;
  workers: number | undefined;
  /** incidents: a window relative to the newest log line (ms), or absolute bounds (ms, wall clock as UTC). */
  sinceMs: number | null;
  from: number | null;
  to: number | null;
  /** stats: the grouping shown. */
  by: 'stage' | 'host' | 'hour';
  color: boolean | undefined;
}

export const FLEET_USAGE = `usage: nova-trace index [--log-dir DIR]... [--index FILE] [--json] [--workers N]
       nova-trace incidents [--since 1h | --from T --to T] [--log-dir DIR]... [--index FILE] [--json]
                            [--format otlp|jaeger] [--otlp-endpoint URL]
       nova-trace stats [--by stage|host|hour] [--log-dir DIR]... [--index FILE] [--json]
                        [--format otlp|jaeger] [--otlp-endpoint URL]

index      build or refresh the persistent index of the logs (only new bytes are read); a trace
           (nova-trace <id>) uses it automatically where it covers the logs
incidents  failed and stuck boots in a window, grouped by cause and host, ranked by count;
           --since is counted back from the newest log line (logs may be old), not from now
stats      boot latency per stage, host and hour (count, p50/p95/p99/max, failure rate), the
           slowest boots and a chart of boot time

options:
  --log-dir DIR   logs to read (default: $NOVA_TRACE_LOG_DIR or /var/log/nova); may be repeated
  --index FILE    the index (default: $XDG_CACHE_HOME/nova-trace/index.sqlite or ~/.cache/…)
  --since D       incidents: the last D of the logs: 30m, 1h, 2d (default 1h)
  --from T, --to T  incidents: a window, 'YYYY-MM-DD HH:MM[:SS]' as the logs write it
  --by G          stats: stage (default), host or hour
  --json          machine-readable output (= --format json)
  --format F      text (default), json, or the trace of every failed or stuck boot in the window
                  as one export: otlp (OTLP/JSON, one trace per boot) or jaeger (Jaeger UI's JSON
                  upload); the ids are those of nova-trace <id> --format otlp
  --otlp-endpoint URL  also POST those traces as OTLP/JSON to URL/v1/traces (a collector, Jaeger, Tempo)
  --workers N     threads for the index build (default: number of cores)`;

const DURATION = /^(\d+(?:\.\d+)?)(s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const TIME = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d))?$/;

export function parseDuration(v: string): number {
  const m = DURATION.exec(v);
  if (!m) throw new UsageError(`--since takes a duration such as 30m, 1h or 2d, not '${v}'`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

/** A wall-clock time as the logs write it, read as UTC like every log time. */
export function parseTime(name: string, v: string): number {
  const m = TIME.exec(v);
  if (!m) throw new UsageError(`${name} takes a time as 'YYYY-MM-DD HH:MM[:SS]', not '${v}'`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
}

export function parseFleetArgs(argv: readonly string[], env: NodeJS.ProcessEnv): FleetArgs {
  const a: FleetArgs = { command: argv[0] as FleetArgs['command'], help: false, paths: [], index: env.NOVA_TRACE_INDEX || defaultIndexPath(env), json: false, format: 'text', otlpEndpoint: null, workers: undefined, sinceMs: null, from: null, to: null, by: 'stage', color: undefined };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    const value = (): string => {
      if (arg.includes('=')) return arg.slice(arg.indexOf('=') + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
      return v;
    };
    const only = (...cmds: FleetArgs['command'][]) => { if (!cmds.includes(a.command)) throw new UsageError(`${name} is not an option of ${a.command}`); };
    switch (name) {
      case '-h': case '--help': a.help = true; break;
      case '--log-dir': a.paths.push(value()); break;
      case '--index': a.index = value(); break;
      case '--json': a.json = true; a.format = 'json'; break;
      case '--format': {
        only('incidents', 'stats');
        const v = value();
        if (v === 'chrome') throw new UsageError('--format chrome shows one request: nova-trace <id> --format chrome; incidents and stats export otlp or jaeger');
        if (!(FLEET_FORMATS as readonly string[]).includes(v)) throw new UsageError(`--format must be one of ${FLEET_FORMATS.join(', ')}`);
        a.format = v as FleetFormat;
        a.json = v === 'json';
        break;
      }
      case '--otlp-endpoint': {
        only('incidents', 'stats');
        const u = value();
        if (!/^https?:\/\/[^/]/.test(u) || !URL.canParse(u)) throw new UsageError(`--otlp-endpoint must be an http(s) URL, not '${u}'`);
        a.otlpEndpoint = u;
        break;
      }
      case '--color': a.color = true; break;
      case '--no-color': a.color = false; break;
      case '--workers': {
        only('index');
        const v = value();
        const n = /^[0-9]+$/.test(v) ? Number(v) : NaN;
        if (!(n >= 1 && n <= 64)) throw new UsageError('--workers must be an integer from 1 to 64');
        a.workers = n;
        break;
      }
      case '--since': only('incidents', 'stats'); a.sinceMs = parseDuration(value()); break;
      case '--from': only('incidents', 'stats'); a.from = parseTime('--from', value()); break;
      case '--to': only('incidents', 'stats'); a.to = parseTime('--to', value()); break;
      case '--by': {
        only('stats');
        const v = value();
        if (v !== 'stage' && v !== 'host' && v !== 'hour') throw new UsageError(`--by must be stage, host or hour, not '${v}'`);
        a.by = v;
        break;
      }
      default:
        throw new UsageError(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument '${arg}' (logs are given with --log-dir)`);
    }
  }
  if (a.sinceMs !== null && (a.from !== null || a.to !== null)) throw new UsageError('--since and --from/--to exclude each other');
  if (a.from !== null && a.to !== null && a.to < a.from) throw new UsageError('--to is before --from');
  if (a.paths.length === 0) a.paths = [env.NOVA_TRACE_LOG_DIR || '/var/log/nova'];
  return a;
}
