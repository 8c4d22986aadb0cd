// Whether a nova service is up, as Nova's DB servicegroup driver decides it: the last heartbeat
// (last_seen_up, else updated_at, else created_at) is younger than service_down_time, and the
// service is not forced down.

import type { StackConfig } from '../../common/stack-config.js';
import type { Db } from '../../db/open-db.js';

export interface ServiceRow {
  id: number; uuid: string; host: string; binary: string; topic: string; disabled: number; disabled_reason: string | null; forced_down: number;
  report_count: number; last_seen_up: string | null; created_at: string; updated_at: string;
}

export function isServiceUp(cfg: StackConfig, s: ServiceRow, now = Date.now()): boolean {
  if (s.forced_down) return false;
  const last = Date.parse(s.last_seen_up ?? s.updated_at ?? s.created_at);
  return Number.isFinite(last) && now - last <= cfg.serviceDownMs;
}

export function computeService(db: Db, host: string): ServiceRow | undefined {
  return db.prepare("SELECT * FROM services WHERE host = ? AND binary = 'nova-compute'").get(host) as ServiceRow | undefined;
}

export function allServices(db: Db): ServiceRow[] {
  return db.prepare('SELECT * FROM services ORDER BY id').all() as ServiceRow[];
}
