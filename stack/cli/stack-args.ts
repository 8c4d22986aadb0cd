// nova-stack's command line, checked once at start: each option belongs to the commands that
// use it, numbers are decimal, `--` ends the options, -h/--help/help asks for the usage.

import os from 'node:os';
import path from 'node:path';
import { parseCpuSpec } from '../common/cpu-set.js';
import { isRelease, RELEASES, type Release } from '../common/release.js';
import { FAULT_NAMES, isFaultName, type FaultName } from '../faults/fault-catalog.js';
import { DELAY_MODES, type DelayMode } from './new-config.js';
import { FILTERS } from '../scheduler/filters/registry.js';
import { isPublicCommand, type PublicCommand } from './stack-usage.js';

export class UsageError extends Error {
  constructor(message: string, readonly command: PublicCommand | null) {
    super(message);
  }
}

/** `supervise` is the detached supervisor's own command line (`up --detach` starts it). */
export type StackCommand = PublicCommand | 'supervise';
export type FaultVerb = 'list' | 'inject' | 'clear';

export interface StackArgs {
  cmd: StackCommand; hosts: number; logDir: string; stateDir: string; basePort: number | null; detach: boolean; noStart: boolean; fresh: boolean; debug: boolean;
  delays: DelayMode; release: Release; rpcTimeoutS: number | null; vifTimeoutS: number | null; serviceDownS: number | null;
  faultVerb: FaultVerb; faultName: FaultName | null; faultHost: string | null; faultCount: number | null; faultSeconds: number | null; faultMode: string | null;
  verbose: boolean;
  /** [filter_scheduler] enabled_filters for a new state dir; null: the release's default. */
  enabledFilters: string[] | null;
  /** [compute] cpu_dedicated_set / cpu_shared_set of the hosts, for a new state dir. */
  cpuSets: { dedicated?: string; shared?: string };
}

export type Parsed = { help: PublicCommand | null } | { args: StackArgs };

function integer(name: string, v: string, min: number, max: number, cmd: PublicCommand): number {
  const n = /^[0-9]+$/.test(v) ? Number(v) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`${name} must be a decimal integer from ${min} to ${max}, not '${v}'`, cmd);
  return n;
}

function seconds(name: string, v: string, min: number, max: number, cmd: PublicCommand): number {
  const n = /^-?[0-9]+(\.[0-9]+)?$/.test(v) ? Number(v) : NaN;
  if (!(n >= min && n <= max) || (min === 0 && n === 0)) {
    throw new UsageError(`${name} must be a decimal number of seconds ${min === 0 ? 'above 0' : `from ${min}`} up to ${max}, not '${v}'`, cmd);
  }
  return n;
}

function cpuSpec(name: string, v: string, cmd: PublicCommand): string {
  try {
    parseCpuSpec(v);
  } catch (e) {
    throw new UsageError(`${name}: ${(e as Error).message}`, cmd);
  }
  return v;
}

interface OptionSpec { commands: readonly StackCommand[]; value: boolean; set: (a: StackArgs, v: string, cmd: PublicCommand) => void }

const ALL: readonly StackCommand[] = ['up', 'down', 'status', 'fault', 'discover-hosts', 'supervise'];

const OPTIONS: Record<string, OptionSpec> = {
  '--state-dir': { commands: ALL, value: true, set: (a, v) => { a.stateDir = path.resolve(v); } },
  '--hosts': { commands: ['up'], value: true, set: (a, v, c) => { a.hosts = integer('--hosts', v, 1, 32, c); } },
  '--log-dir': { commands: ['up'], value: true, set: (a, v) => { a.logDir = path.resolve(v); } },
  '--base-port': { commands: ['up'], value: true, set: (a, v, c) => { a.basePort = integer('--base-port', v, 1024, 65000, c); } },
  '--detach': { commands: ['up'], value: false, set: (a) => { a.detach = true; } },
  '--fresh': { commands: ['up'], value: false, set: (a) => { a.fresh = true; } },
  '--no-start': { commands: ['up'], value: false, set: (a) => { a.noStart = true; } },
  '--no-debug': { commands: ['up'], value: false, set: (a) => { a.debug = false; } },
  '--rpc-timeout': { commands: ['up'], value: true, set: (a, v, c) => { a.rpcTimeoutS = seconds('--rpc-timeout', v, 0, 3600, c); } },
  '--vif-timeout': { commands: ['up'], value: true, set: (a, v, c) => { a.vifTimeoutS = seconds('--vif-timeout', v, 0, 3600, c); } },
  '--service-down': { commands: ['up'], value: true, set: (a, v, c) => { a.serviceDownS = seconds('--service-down', v, 0, 3600, c); } },
  '--delays': {
    commands: ['up'], value: true,
    set: (a, v, c) => { if (!(v in DELAY_MODES)) throw new UsageError(`--delays must be one of ${Object.keys(DELAY_MODES).join(', ')}`, c); a.delays = v as DelayMode; },
  },
  '--release': {
    commands: ['up'], value: true,
    set: (a, v, c) => { if (!isRelease(v)) throw new UsageError(`--release must be one of ${RELEASES.join(', ')}`, c); a.release = v; },
  },
  '--enabled-filters': {
    commands: ['up'], value: true,
    set: (a, v, c) => {
      const names = v.split(',').map((x) => x.trim()).filter(Boolean);
      const unknown = names.filter((n) => !FILTERS.some((f) => f.name === n));
      if (names.length === 0 || unknown.length > 0) throw new UsageError(`--enabled-filters: no scheduler filter ${unknown.join(', ') || "in ''"} (known: ${FILTERS.map((f) => f.name).join(', ')})`, c);
      a.enabledFilters = names;
    },
  },
  '--cpu-dedicated-set': { commands: ['up'], value: true, set: (a, v, c) => { a.cpuSets.dedicated = cpuSpec('--cpu-dedicated-set', v, c); } },
  '--cpu-shared-set': { commands: ['up'], value: true, set: (a, v, c) => { a.cpuSets.shared = cpuSpec('--cpu-shared-set', v, c); } },
  '--verbose': { commands: ['discover-hosts'], value: false, set: (a) => { a.verbose = true; } },
  '--host': { commands: ['fault'], value: true, set: (a, v) => { a.faultHost = v; } },
  '--count': { commands: ['fault'], value: true, set: (a, v, c) => { a.faultCount = integer('--count', v, 1, 1_000_000, c); } },
  // Negative: the host's clock runs behind.
  '--seconds': { commands: ['fault'], value: true, set: (a, v, c) => { a.faultSeconds = seconds('--seconds', v, -86400, 86400, c); } },
  '--mode': { commands: ['fault'], value: true, set: (a, v) => { a.faultMode = v; } },
};

function defaults(cmd: StackCommand, env: NodeJS.ProcessEnv): StackArgs {
  return {
    cmd, hosts: 2, logDir: '/var/log/nova', basePort: null, detach: false, noStart: false, fresh: false, debug: true, delays: 'realistic', release: 'current',
    rpcTimeoutS: null, vifTimeoutS: null, serviceDownS: null, faultVerb: 'list', faultName: null, faultHost: null, faultCount: null, faultSeconds: null, faultMode: null, verbose: false, enabledFilters: null, cpuSets: {},
    stateDir: env.NOVA_STACK_STATE_DIR ? path.resolve(env.NOVA_STACK_STATE_DIR) : path.join(os.homedir(), '.local', 'state', 'nova-stack'),
  };
}

const HELP = new Set(['-h', '--help']);

export function parseStackArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Parsed {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('a command is required', null);
  if (first === 'help' || HELP.has(first)) {
    const about = rest[0];
    if (about === undefined || HELP.has(about)) return { help: null };
    if (!isPublicCommand(about)) throw new UsageError(`no command '${about}' to help with`, null);
    return { help: about };
  }
  if (first !== 'supervise' && !isPublicCommand(first)) throw new UsageError(`unknown command ${first}`, null);
  const cmd: StackCommand = first;
  const shown: PublicCommand = cmd === 'supervise' ? 'up' : cmd;
  const a = defaults(cmd, env);
  const positional: string[] = [];
  let optionsEnded = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (optionsEnded || !arg.startsWith('-') || arg === '-') { positional.push(arg); continue; }
    if (arg === '--') { optionsEnded = true; continue; }
    if (HELP.has(arg)) return { help: shown };
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = Object.hasOwn(OPTIONS, name) ? OPTIONS[name] : undefined;
    if (!spec) throw new UsageError(`unknown option ${name}`, shown);
    if (!spec.commands.includes(cmd)) throw new UsageError(`${name} does not apply to '${cmd}'`, shown);
    if (!spec.value) {
      if (eq > 0) throw new UsageError(`${name} takes no value`, shown);
      spec.set(a, '', shown);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`, shown);
    spec.set(a, value, shown);
  }
  if (cmd === 'fault') {
    if (positional[0] === 'help') return { help: 'fault' };
    faultPositional(a, positional);
  } else if (positional.length > 0) throw new UsageError(`unexpected argument '${positional[0]}'`, shown);
  return { args: a };
}

function faultPositional(a: StackArgs, [verb, name, ...extra]: string[]): void {
  if (verb !== undefined && verb !== 'list' && verb !== 'inject' && verb !== 'clear') throw new UsageError(`unknown fault command '${verb}' (list, inject, clear)`, 'fault');
  a.faultVerb = verb ?? 'list';
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`, 'fault');
  if (name !== undefined) {
    if (a.faultVerb === 'list') throw new UsageError(`fault list takes no fault name ('${name}')`, 'fault');
    if (!isFaultName(name)) throw new UsageError(`unknown fault '${name}' (one of ${FAULT_NAMES.join(', ')})`, 'fault');
    a.faultName = name;
  }
  if (a.faultVerb === 'inject' && a.faultName === null) throw new UsageError('fault inject needs a fault name', 'fault');
  const given = [['--host', a.faultHost], ['--count', a.faultCount], ['--seconds', a.faultSeconds], ['--mode', a.faultMode]].filter(([, v]) => v !== null).map(([n]) => n);
  if (a.faultVerb !== 'inject' && given.length > 0) throw new UsageError(`${given.join(', ')} ${given.length === 1 ? 'applies' : 'apply'} only to fault inject`, 'fault');
}
