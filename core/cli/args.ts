// Command-line arguments of nova-trace, checked once at start; every problem names the option.

import { OUTPUT_FORMATS } from '../export/format-names.js';
import { defaultIndexPath } from '../index/index-path.js';

export interface TraceArgs {
  command: 'trace' | 'demo' | 'help' | 'version' | 'causes';
  /** Site cause catalogues (--causes FILE, $NOVA_TRACE_CAUSES); `causes --check FILE` checks one. */
  causes: string[];
  check: string | null;
  query: string | null;
  paths: string[];
  json: boolean;
  /** text (the report), json (nova-trace/v1), or an export: chrome, otlp, jaeger. `--json` is `--format json`. */
  format: (typeof OUTPUT_FORMATS)[number];
  /** POST the trace as OTLP/JSON to <URL>/v1/traces. */
  otlpEndpoint: string | null;
  records: boolean;
  color: boolean | undefined;
  lineNumbers: boolean;
  fullScan: boolean;
  workers: number | undefined;
  /** The index (nova-trace index) used where it covers the logs; null with --no-index. */
  index: string | null;
  /** demo: trace the bundled samples instead of a live stack; keep the demo's logs. */
  samples: boolean;
  keep: boolean;
}

export class UsageError extends Error {}

export const USAGE = `usage: nova-trace <request-id | instance-uuid> [--log-dir DIR]... [FILE...] [options]
       nova-trace tail [--log-dir DIR] [options]   the live view of a log directory (nova-trace tail --help)
       nova-trace demo [--keep]   start a stack, boot three servers (one fails), trace each boot
       nova-trace demo --samples  trace the bundled sample log sets
       nova-trace causes [--causes FILE]...   list the cause catalogue (shipped and the site's)
       nova-trace causes --check FILE         check a site's cause file and exit
       nova-trace index | incidents | stats   the index and what it answers (nova-trace index --help)

Rebuilds one request across nova-api, conductor, scheduler, placement and compute logs as
boot stages with timings, a verdict and the root cause.

options:
  --log-dir DIR     directory to read, recursively (default: $NOVA_TRACE_LOG_DIR or /var/log/nova);
                    may be repeated; plain, rotated (.log.1) and .gz files are read
  --json            print the trace as JSON (schema nova-trace/v1, see README); = --format json
  --format F        text (default), json, chrome (Perfetto, chrome://tracing), otlp (OTLP/JSON),
                    jaeger (Jaeger UI's JSON upload)
  --otlp-endpoint URL  also POST the trace as OTLP/JSON to URL/v1/traces (a collector, Jaeger, Tempo)
  --records         also list every record of the trace
  --line-numbers    count line numbers in files over 8 MiB too (slower; byte offsets are always given)
  --full-scan       search every file whole; by default files other than the api logs are
                    searched from 10 minutes before the API received the request
  --workers N       search threads (default: number of cores)
  --index FILE      the index built by 'nova-trace index' (default: $NOVA_TRACE_INDEX, else
                    $XDG_CACHE_HOME/nova-trace/index.sqlite): used where it covers the logs as
                    they are now, the rest is searched; --no-index searches only
  --causes FILE     a site's cause catalogue (JSON, see README), before the shipped one; may be
                    repeated; $NOVA_TRACE_CAUSES names more (colon-separated)
  --color, --no-color
  -h, --help        this help
  --version

exit status: 0 found (ACTIVE or not failed), 1 found and failed, 2 not found or usage error`;

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): TraceArgs {
  const a: TraceArgs = { command: 'trace', query: null, paths: [], json: false, format: 'text', otlpEndpoint: null, records: false, color: undefined, lineNumbers: false, fullScan: false, workers: undefined, index: env.NOVA_TRACE_INDEX || defaultIndexPath(env), samples: false, keep: false, causes: [], check: null };
  const files: string[] = [];
  const dirs: string[] = [];
  let optionsEnded = false; // after `--`, every word is a query or a file
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!optionsEnded && arg === '--') { optionsEnded = true; continue; }
    if (optionsEnded) { if (a.query === null) a.query = arg; else files.push(arg); continue; }
    const value = (name: string): string => {
      const eq = arg.indexOf('=');
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
      return v;
    };
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    switch (name) {
      case '-h': case '--help': a.command = 'help'; break;
      case '--version': a.command = 'version'; break;
      case '--json': a.json = true; a.format = 'json'; break;
      case '--format': {
        const f = value('--format');
        if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}`);
        a.format = f as TraceArgs['format'];
        a.json = f === 'json';
        break;
      }
      case '--otlp-endpoint': {
        const u = value('--otlp-endpoint');
        if (!/^https?:\/\/[^/]/.test(u) || !URL.canParse(u)) throw new UsageError(`--otlp-endpoint must be an http(s) URL, not '${u}'`);
        a.otlpEndpoint = u;
        break;
      }
      case '--records': a.records = true; break;
      case '--color': a.color = true; break;
      case '--no-color': a.color = false; break;
      case '--line-numbers': a.lineNumbers = true; break;
      case '--full-scan': a.fullScan = true; break;
      case '--samples': a.samples = true; break;
      case '--keep': a.keep = true; break;
      case '--log-dir': dirs.push(value('--log-dir')); break;
      case '--causes': a.causes.push(value('--causes')); break;
      case '--index': a.index = value('--index'); break;
      case '--no-index': a.index = null; break;
      case '--check': a.check = value('--check'); break;
      case '--workers': {
        const v = value('--workers');
        const n = /^[0-9]+$/.test(v) ? Number(v) : NaN; // decimal only: Number() takes 0x10, 1e1
        if (!(n >= 1 && n <= 64)) throw new UsageError('--workers must be an integer from 1 to 64');
        a.workers = n;
        break;
      }
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        if (a.query === null) a.query = arg; else files.push(arg);
    }
  }
  if (a.command !== 'trace') return a;
  if (a.query === 'demo') { a.command = 'demo'; return a; }
  if (a.query === 'causes') { a.command = 'causes'; return a; }
  if (a.query === null) throw new UsageError('a request id (req-…) or an instance uuid is required');
  if (!/^req-[0-9a-f-]{8,}$/i.test(a.query) && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(a.query)) {
    throw new UsageError(`'${a.query}' is neither a request id (req-<uuid>) nor an instance uuid`);
  }
  a.paths = [...dirs, ...files];
  if (a.paths.length === 0) a.paths = [env.NOVA_TRACE_LOG_DIR || '/var/log/nova'];
  return a;
}
