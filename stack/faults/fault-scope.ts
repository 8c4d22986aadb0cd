// What `nova-stack fault inject` can honour for each fault, as the services read it: whether it
// can target one host (the service asks the store with its host) or only the whole stack,
// whether --count is used up (the service take()s it) or the fault holds until cleared (the
// service only peek()s), and whether it takes --seconds. A fault that is a situation rather than
// a switch (a server group's policy) cannot be injected at all: `situation` says how to get it.
// Record<FaultName, …>: a new fault does not compile until it says what it accepts.

import type { FaultName } from './fault-catalog.js';
import { VOLUME_FAILURE_MODES } from './volume-boot-failure.js';

export interface FaultScope {
  perHost: boolean;
  counted: boolean;
  seconds: boolean;
  /** The ways the fault can act (--mode), the first being the default. */
  modes?: readonly string[];
  situation?: string;
}

export const FAULT_SCOPES: Record<FaultName, FaultScope> = {
  'hosts-full': { perHost: true, counted: false, seconds: false },
  'az-mismatch': { perHost: false, counted: false, seconds: false },
  'compute-down': { perHost: true, counted: false, seconds: false },
  'anti-affinity': {
    perHost: false, counted: false, seconds: false,
    situation: 'a server group with the anti-affinity policy whose members already sit on every host; create one (openstack server group create --policy anti-affinity) and boot one server more than there are hosts into it, or run nova-lab start spread-out',
  },
  'hypervisor-permission': { perHost: true, counted: true, seconds: false },
  'vif-plug-timeout': { perHost: true, counted: true, seconds: false },
  'port-binding-failed': { perHost: true, counted: true, seconds: false },
  'image-unavailable': { perHost: false, counted: true, seconds: false },
  'rpc-timeout': { perHost: false, counted: true, seconds: false },
  'quota-exceeded': { perHost: false, counted: true, seconds: false },
  'disk-full': { perHost: true, counted: true, seconds: false },
  'clock-skew': { perHost: true, counted: false, seconds: true },
  'cell-unmapped': { perHost: true, counted: false, seconds: false },
  'placement-drift': { perHost: true, counted: false, seconds: false },
  'image-too-big': { perHost: false, counted: true, seconds: false },
  'volume-boot-failure': { perHost: false, counted: true, seconds: false, modes: VOLUME_FAILURE_MODES.map((m) => m.mode) },
  'volume-attach-failure': { perHost: false, counted: true, seconds: false },
  'neutron-unreachable': { perHost: true, counted: true, seconds: false },
  'ip-exhausted': { perHost: false, counted: true, seconds: false },
  'bus-down': { perHost: false, counted: false, seconds: false },
  'token-expired': { perHost: false, counted: true, seconds: false },
  'numa-misfit': { perHost: true, counted: false, seconds: false },
  'cpu-model': { perHost: true, counted: true, seconds: false },
  'live-migration-failure': { perHost: true, counted: true, seconds: false },
  'resize-failure': { perHost: true, counted: true, seconds: false },
};

export interface Injection { name: FaultName; host: string | null; count: number | null; seconds: number | null; mode?: string | null }

/** Why the stack cannot do this injection (null: it can). `hosts` are the stack's compute hosts. */
export function injectionProblem(i: Injection, hosts: readonly string[]): string | null {
  const scope = FAULT_SCOPES[i.name];
  if (scope.situation) return `${i.name} is a situation, not an injectable fault: it needs ${scope.situation}`;
  if (i.host !== null) {
    if (!scope.perHost) return `${i.name} acts on the whole stack, not on one host: leave out --host`;
    if (!hosts.includes(i.host)) return `no compute host '${i.host}' in this stack (hosts: ${hosts.join(', ')})`;
  }
  if (i.count !== null && !scope.counted) return `${i.name} holds until cleared (nova-stack fault clear ${i.name}); it is not used up per boot, so --count cannot apply`;
  if (i.seconds !== null && !scope.seconds) return `${i.name} takes no --seconds (only clock-skew does)`;
  if (i.mode != null && !scope.modes?.includes(i.mode)) {
    return scope.modes ? `${i.name} has no mode '${i.mode}' (modes: ${scope.modes.join(', ')})` : `${i.name} takes no --mode`;
  }
  return null;
}

/** One line per fault for the usage text: where it acts and what it accepts. */
export function faultScopeLines(): string[] {
  return Object.entries(FAULT_SCOPES).map(([name, s]) => {
    if (s.situation) return `  ${name.padEnd(22)} not injectable: a situation to set up (e.g. nova-lab start spread-out)`;
    const what = [s.perHost ? '[--host H]' : 'whole stack', s.counted ? '[--count N]' : 'until cleared', s.seconds ? '[--seconds S]' : '', s.modes ? `[--mode ${s.modes.join('|')}]` : ''];
    return `  ${name.padEnd(22)} ${what.filter(Boolean).join(' ')}`;
  });
}
