// What every service process gets at start, and what it gives back.
import type { OsloLogger } from './oslo-logger.js';
import type { StackConfig } from './stack-config.js';
import type { RpcClient } from '../rpc/rpc-client.js';
import type { FaultStore } from '../faults/fault-store.js';

export interface ServiceEnv {
  cfg: StackConfig;
  /** Root logger writing this service's log file; take named loggers with `.child('nova.x.y')`. */
  log: OsloLogger;
  /** Client for calling other services (endpoints from cfg.ports.rpc). */
  rpc: RpcClient;
  /** Compute host name (compute only). */
  host: string | null;
  /** Faults injected at run time (absent in tests that build a service alone). */
  faults?: FaultStore;
}

export interface RunningService {
  close(): Promise<void>;
}
