// One slot per (service, host) pair a record can come from, with its short column label.
// Invariant: a pair keeps the slot it was first given, so slots stored in records stay valid.

import type { Origin } from '../model/types.js';
import { programFromFileName, serviceOf } from '../../parsers/source-naming.js';

/** Service → column label; services not listed use their name shortened (shortLabel). */
export const SERVICE_LABELS: Readonly<Record<string, string>> = {
  api: 'api', conductor: 'cond', scheduler: 'sched', placement: 'place', compute: 'cpu',
  neutron: 'neutron', glance: 'glance', keystone: 'keystone', cinder: 'cinder', metadata: 'meta', novncproxy: 'vnc',
};

/** At most 8 characters, cut at a word's end (a dash) rather than inside a word. */
export function shortLabel(service: string): string {
  if (service.length <= 8) return service;
  const dash = service.lastIndexOf('-', 8);
  return dash > 2 ? service.slice(0, dash) : service.slice(0, 8);
}

/** Services whose label names the host (one process per host, so the host tells them apart). */
export const LABEL_WITH_HOST: ReadonlySet<string> = new Set(['compute']);

export function originLabel(service: string, host: string | null): string {
  const base = SERVICE_LABELS[service] ?? shortLabel(service);
  return host !== null && LABEL_WITH_HOST.has(service) ? `${base}@${host}` : base;
}

export class OriginTable {
  private readonly origins: Origin[] = [];
  private readonly byKey = new Map<string, number>();
  /** Journald lines name their program/host: cache `program\0host` → slot so the hot path does no string work twice. */
  private readonly byProgram = new Map<string, number>();

  slotOf(service: string, host: string | null): number {
    const key = `${service}\0${host ?? ''}`;
    let slot = this.byKey.get(key);
    if (slot === undefined) {
      slot = this.origins.length;
      this.origins.push({ slot, service, host, label: originLabel(service, host) });
      this.byKey.set(key, slot);
    }
    return slot;
  }

  /** Slot for a line that names its program (journald tag, grep -H prefix) and maybe its host. */
  slotOfProgram(program: string, host: string | null): number {
    const key = `${program}\0${host ?? ''}`;
    let slot = this.byProgram.get(key);
    if (slot === undefined) {
      slot = this.slotOf(serviceOf(programFromFileName(program)), host);
      this.byProgram.set(key, slot);
    }
    return slot;
  }

  get(slot: number): Origin {
    const o = this.origins[slot];
    if (!o) throw new Error(`unknown origin slot ${slot}`);
    return o;
  }

  all(): Origin[] {
    return this.origins.slice();
  }
}
