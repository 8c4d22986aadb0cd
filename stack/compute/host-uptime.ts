// ComputeManager.get_host_uptime (a call from the API's os-hypervisors): the libvirt driver runs
// `env LANG=C uptime` on its host and answers what it prints. The stack's compute hosts all run
// on this machine, so they answer this machine's uptime.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function getHostUptime(): Promise<string> {
  const { stdout } = await run('env', ['LANG=C', 'uptime']);
  return stdout;
}
