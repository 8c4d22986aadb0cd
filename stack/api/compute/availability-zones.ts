// Availability zones as Nova derives them: a compute host is in the zone named by the
// `availability_zone` metadata of an aggregate it belongs to, else in `nova`; the other
// services are in `internal`. GET /os-availability-zone (+ /detail for admins).

import type { Db } from '../../db/open-db.js';
import type { ApiDeps } from '../api-deps.js';
import { ok, type ApiReply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import { novaTime } from './formats.js';
import { allServices, isServiceUp, type ServiceRow } from './service-state.js';

export const DEFAULT_AZ = 'nova';
export const INTERNAL_AZ = 'internal';

export function hostZones(db: Db): Map<string, string> {
  const rows = db.prepare(`SELECT h.host, m.value FROM aggregate_hosts h JOIN aggregate_metadata m
    ON m.aggregate_id = h.aggregate_id AND m.key = 'availability_zone' ORDER BY h.aggregate_id`).all() as { host: string; value: string }[];
  const zones = new Map<string, string>();
  for (const r of rows) if (!zones.has(r.host)) zones.set(r.host, r.value);
  return zones;
}

export const zoneOfHost = (db: Db, host: string) => hostZones(db).get(host) ?? DEFAULT_AZ;

export function zoneOfService(zones: Map<string, string>, s: ServiceRow): string {
  return s.binary === 'nova-compute' ? zones.get(s.host) ?? DEFAULT_AZ : INTERNAL_AZ;
}

/** Zones a boot may ask for: the default zone and every zone holding a compute host. */
export function bootableZones(db: Db): Set<string> {
  const zones = hostZones(db);
  const names = new Set([DEFAULT_AZ]);
  for (const s of allServices(db)) if (s.binary === 'nova-compute') names.add(zoneOfService(zones, s));
  for (const z of zones.values()) names.add(z);
  return names;
}

interface ZoneInfo { zoneName: string; zoneState: { available: boolean }; hosts: Record<string, Record<string, unknown>> | null }

function zoneInfos(deps: ApiDeps, detail: boolean): ZoneInfo[] {
  const zones = hostZones(deps.db);
  const byZone = new Map<string, ZoneInfo>();
  for (const s of allServices(deps.db)) {
    const zoneName = zoneOfService(zones, s);
    if (!detail && zoneName === INTERNAL_AZ) continue;
    const up = isServiceUp(deps.cfg, s);
    const info = byZone.get(zoneName) ?? { zoneName, zoneState: { available: false }, hosts: detail ? {} : null };
    if (!s.disabled && up) info.zoneState.available = true;
    if (info.hosts) {
      info.hosts[s.host] ??= {};
      info.hosts[s.host][s.binary] = { available: up, active: !s.disabled, updated_at: novaTime(s.last_seen_up ?? s.updated_at) };
    }
    byZone.set(zoneName, info);
  }
  return [...byZone.values()].sort((a, b) => a.zoneName.localeCompare(b.zoneName));
}

export function availabilityZoneRoutes(deps: ApiDeps): Route[] {
  const index = (): ApiReply => ok({ availabilityZoneInfo: zoneInfos(deps, false) });
  const detail = (): ApiReply => ok({ availabilityZoneInfo: zoneInfos(deps, true) });
  return [
    { method: 'GET', pattern: '/v2.1/os-availability-zone', handler: index, calls: 'availability_zone.AvailabilityZoneController.index' },
    { method: 'GET', pattern: '/v2.1/os-availability-zone/detail', handler: detail, calls: 'availability_zone.AvailabilityZoneController.detail' },
  ];
}
