// Entry point of one service process: `nova-stack-service <service> --state-dir D [--host H]`.
// Reads the stack configuration, opens the service's log file, starts the service, tells the
// supervisor it is ready (IPC), and stops cleanly on SIGTERM/SIGINT.

import { FileSink, OsloLogger, systemClock } from './common/oslo-logger.js';
import { skewedClock } from './faults/skewed-clock.js';
import { readConfig, rpcEndpoint } from './common/stack-config.js';
import { RpcClient } from './rpc/rpc-client.js';
import { serviceKind } from './service-registry.js';
import { FaultStore } from './faults/fault-store.js';
import { busDown } from './faults/bus-down.js';
import { startDbHeartbeat } from './common/db-heartbeat.js';

function arg(argv: string[], name: string): string | null {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : null;
}

async function main(argv: string[]): Promise<void> {
  const kind = serviceKind(argv[0] ?? '');
  const stateDir = arg(argv, '--state-dir');
  if (!stateDir) throw new Error('--state-dir is required');
  const host = arg(argv, '--host');
  if (kind.name === 'compute' && !host) throw new Error('--host is required for compute');
  process.title = kind.title;
  const cfg = readConfig(stateDir);
  const sink = new FileSink(kind.logFile(cfg, host));
  const faults = new FaultStore(cfg.stateDir);
  const clock = kind.name === 'compute' && host ? skewedClock(faults, host) : systemClock;
  const log = new OsloLogger('nova', sink, clock, cfg.debug);
  const rpc = new RpcClient((topic) => [rpcEndpoint(cfg, topic)], cfg.rpcTimeoutMs, { unreachable: busDown(faults), log: log.child('oslo.messaging._drivers.impl_zmq') });
  const service = await kind.start({ cfg, log, rpc, host, faults });
  const heartbeat = startDbHeartbeat(kind.name, cfg, log);
  process.send?.({ ready: kind.name, host, pid: process.pid });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log.child('nova.service').info(null, null, `Caught SIGTERM, stopping children`);
    heartbeat?.stop();
    await service.close().catch(() => undefined);
    rpc.close();
    sink.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('disconnect', () => void stop());
}

main(process.argv.slice(2)).catch((e: Error) => {
  process.stderr.write(`nova-stack-service: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
