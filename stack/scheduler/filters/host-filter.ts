// The contract every scheduler filter keeps: `passes(host, request)` answers for one host and,
// when it says no, logs why at its own logger with Nova's wording and the request's context.

import type { RequestSpec } from '../../common/objects.js';
import type { GroupRules } from '../../common/server-group-rules.js';
import type { OsloLogger } from '../../common/oslo-logger.js';
import type { RequestContext } from '../../common/request-context.js';
import type { HostState } from '../host-state.js';

export interface ServerGroupInfo {
  uuid: string;
  /** affinity, anti-affinity, soft-affinity or soft-anti-affinity. */
  policy: string;
  members: string[];
  /** Hosts of the group's other members (Nova's instance_group.hosts). */
  hosts: string[];
  /** The group's rules (2.64): max_server_per_host for anti-affinity; {} for none. */
  rules: GroupRules;
}

/** One scheduling request as the filters see it. */
export interface FilterRequest {
  spec: RequestSpec;
  ctx: RequestContext;
  /** Root logger of the service; filters log through named children. */
  log: OsloLogger;
  group: ServerGroupInfo | null;
  /** [host, node] pairs already tried for this instance (RetryFilter). */
  triedHosts: [string, string][];
}

export interface HostFilter {
  readonly name: string;
  passes(host: HostState, req: FilterRequest): boolean;
}

/** A filter module's logger: its Nova logger name and source file for the DEBUG suffix. */
export function filterLogger(name: string, file: string) {
  return {
    debug(req: FilterRequest, line: number, message: string, func = 'host_passes'): void {
      req.log.child(name).debug(req.ctx, null, message, { func, file, line });
    },
    info(req: FilterRequest, message: string): void {
      req.log.child(name).info(req.ctx, null, message);
    },
    warning(req: FilterRequest, message: string): void {
      req.log.child(name).warning(req.ctx, null, message);
    },
  };
}
