// Arguments of `nova-trace tail`, checked once at start; every problem names the option.

import { defaultIndexPath } from '../../core/index/index-path.js';

export interface TailArgs {
  help: boolean;
  dir: string;
  /** false: print the merged view and exit (also when stdout is not a terminal). */
  follow: boolean;
  output: 'text' | 'json';
  /** Filter expressions in the `f` prompt's language, applied in order. */
  filters: string[];
  level: string | null;
  grep: RegExp | null;
  exclude: RegExp | null;
  request: string | null;
  timestamps: boolean;
  maxRecords: number | undefined;
  arenaMiB: number | undefined;
  tailKiB: number | undefined;
  /** Where Ctrl+S writes the view (default: the current directory). */
  saveDir: string;
  /** The index the incidents pane counts with (as `nova-trace incidents --index`). */
  index: string;
  /** false: no incidents pane and no failure count (no index is built). */
  incidents: boolean;
}

export class TailUsageError extends Error {}

export const TAIL_USAGE = `usage: nova-trace tail [--log-dir DIR] [options]
       nova-trace                (on a terminal: the same as 'nova-trace tail')

Follows every log file under DIR (default: $NOVA_TRACE_LOG_DIR or /var/log/nova) in one merged,
time-ordered view: new files, rotation (rename and copytruncate), truncation. Enter on a line
opens the stage trace of its request; ? lists the keys.

options:
  --log-dir DIR       directory to follow (recursively)
  --no-follow         print the merged view to stdout and exit (the default when stdout is
                      not a terminal)
  -o, --output FMT    with --no-follow: text (default) or json (one JSON record per line)
  --filter EXPR       filter, in the language of the 'f' prompt, e.g. 'warning+ -sched /Claim/'
                      (terms: LEVEL+ or level>=LEVEL, -SERVICE, +SERVICE, /regex/, !/regex/,
                      req-… or an instance uuid); may be repeated
  --level LEVEL       minimum level (DEBUG, INFO, WARNING, ERROR, CRITICAL)
  --grep REGEX        only records whose text matches
  --exclude REGEX     drop records whose text matches
  --request ID        only the records of this request id or instance uuid
  --no-timestamps     leave the time column out
  --max-records N     records the live view keeps (default 2000000; older ones stay on disk)
  --arena-mib N       MiB of recent record text kept in memory (default 16; older
                      records are read back from the files)
  --tail-kib N        KiB read back from the end of each file for the first screen (default 256)
  --save-dir DIR      where Ctrl+S saves the view (default: the current directory)
  --index FILE        the index the incidents pane (!) and the failure count use, kept up to
                      date as nova-trace incidents does (default: $NOVA_TRACE_INDEX, else
                      $XDG_CACHE_HOME/nova-trace/index.sqlite or ~/.cache/…)
  --no-incidents      no incidents pane and no failure count (nothing is indexed)
  -h, --help

Colours follow NO_COLOR and FORCE_COLOR.`;

function positiveInt(name: string, v: string, max: number): number {
  const n = /^[0-9]+$/.test(v) ? Number(v) : NaN; // decimal only: Number() would take 0x10, 1e3, ' 5'
  if (!(n >= 1 && n <= max)) throw new TailUsageError(`${name} must be a decimal integer from 1 to ${max}, not '${v}'`);
  return n;
}

function regex(name: string, v: string): RegExp {
  try {
    return new RegExp(v);
  } catch (e) {
    throw new TailUsageError(`${name}: not a regular expression: ${(e as Error).message}`);
  }
}

export function parseTailArgs(argv: readonly string[], env: NodeJS.ProcessEnv): TailArgs {
  const a: TailArgs = { help: false, dir: '', level: null, grep: null, exclude: null, request: null, follow: true, output: 'text', filters: [], timestamps: true, maxRecords: undefined, arenaMiB: undefined, tailKiB: undefined, saveDir: '', index: env.NOVA_TRACE_INDEX || defaultIndexPath(env), incidents: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.startsWith('--') && arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    const value = (): string => {
      if (name !== arg) return arg.slice(name.length + 1);
      const v = argv[++i];
      if (v === undefined) throw new TailUsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '-h': case '--help': a.help = true; break;
      case '--log-dir':
        if (a.dir) throw new TailUsageError('--log-dir may be given once (the view follows one directory, recursively)');
        a.dir = value();
        break;
      case '--no-follow': a.follow = false; break;
      case '--follow': a.follow = true; break;
      case '-o': case '--output': {
        const v = value();
        if (v !== 'text' && v !== 'json') throw new TailUsageError(`${name} must be text or json, not '${v}'`);
        a.output = v;
        break;
      }
      case '--filter': a.filters.push(value()); break;
      case '--level': a.level = value(); break;
      case '--grep': a.grep = regex(name, value()); break;
      case '--exclude': a.exclude = regex(name, value()); break;
      case '--request': a.request = value(); break;
      case '--save-dir': a.saveDir = value(); break;
      case '--no-timestamps': a.timestamps = false; break;
      case '--index': a.index = value(); break;
      case '--no-incidents': a.incidents = false; break;
      case '--max-records': a.maxRecords = positiveInt(name, value(), 100_000_000); break;
      case '--arena-mib': a.arenaMiB = positiveInt(name, value(), 65_536); break;
      case '--tail-kib': a.tailKiB = positiveInt(name, value(), 1 << 20); break;
      default:
        throw new TailUsageError(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument '${arg}' (log directories go with --log-dir)`);
    }
  }
  if (!a.dir) a.dir = env.NOVA_TRACE_LOG_DIR || '/var/log/nova';
  if (!a.saveDir) a.saveDir = process.cwd();
  return a;
}
