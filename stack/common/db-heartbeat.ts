// The heartbeat of the services that reach the database directly (nova-conductor and
// nova-scheduler), as Nova's Service.start and the DB servicegroup driver do it: the services
// row of (host, binary) is created or updated at start, then report_count and last_seen_up are
// written every report_interval. `openstack compute service list` shows them in zone `internal`
// with their state from these heartbeats; nova-compute reports through the conductor instead
// (compute-service.ts), and only nova-compute rows count as hosts for the scheduler.

import { InstanceDb } from '../conductor/instance-db.js';
import { openDb } from '../db/open-db.js';
import { NOVA_SCHEMA } from '../db/schema.js';
import { adminContext } from './request-context.js';
import type { OsloLogger } from './oslo-logger.js';
import type { StackConfig } from './stack-config.js';

/** CONF.host of the control-plane services (the labs name the same host). */
export const CONTROLLER_HOST = 'controller';

/** Services (by the stack's process name) that report their state to the database themselves. */
export const DB_REPORTING_SERVICES: Readonly<Record<string, { binary: string; topic: string }>> = {
  conductor: { binary: 'nova-conductor', topic: 'conductor' },
  scheduler: { binary: 'nova-scheduler', topic: 'scheduler' },
};

export interface Heartbeat { stop(): void }

/** Starts the heartbeat of `service` when it is one that reports to the database; null otherwise. */
export function startDbHeartbeat(service: string, cfg: StackConfig, log: OsloLogger, host = CONTROLLER_HOST): Heartbeat | null {
  const svc = DB_REPORTING_SERVICES[service];
  if (!svc) return null;
  const db = openDb(cfg.db, NOVA_SCHEMA);
  const rows = new InstanceDb(db);
  const sg = log.child('nova.servicegroup.drivers.db');
  const ctx = adminContext();
  let disconnected = false;
  const report = () => {
    try {
      rows.serviceReport(host, svc.binary, svc.topic);
      if (disconnected) {
        disconnected = false;
        sg.info(ctx, null, 'Recovered from being unable to report status.');
      }
    } catch (e) {
      const err = e as Error;
      disconnected = true;
      sg.exception(ctx, null, 'Unexpected error while reporting service status', ['Traceback (most recent call last):',
        '  File "/usr/lib/python3/dist-packages/nova/servicegroup/drivers/db.py", line 92, in _report_state',
        '    service.service_ref.save()', `${err.name}: ${err.message}`]);
    }
  };
  report();
  const timer = setInterval(report, cfg.heartbeatMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      db.close();
    },
  };
}
