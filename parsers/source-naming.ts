// Which service and host wrote a file, from its path — the way logs arrive from real
// deployments: `/var/log/nova/nova-compute.log`, `cmp3/nova-compute.log` (one folder per
// host), `nova-compute-cmp3.log` (host in the name), rotated `nova-api.log.1`, `.gz`.

import path from 'node:path';

/** Program name → service, first match wins. */
export const SERVICE_PATTERNS: readonly [RegExp, string][] = [
  [/placement/, 'placement'],
  [/nova-api|osapi|nova_api|^api$/, 'api'],
  [/nova-conductor|^conductor$/, 'conductor'],
  [/nova-scheduler|^scheduler$/, 'scheduler'],
  [/nova-compute|^compute$/, 'compute'],
  [/nova-novncproxy|novncproxy/, 'novncproxy'],
  [/nova-metadata/, 'metadata'],
];

/** Directory names that say nothing about the host. */
const GENERIC_DIRS = new Set(['nova', 'log', 'logs', 'var', 'placement', 'openstack', 'old', 'archive', 'rotated', '.']);

/** `nova-compute.log.2.gz` → `nova-compute`; `nova-api.log-20261122` → `nova-api`. */
export function programFromFileName(name: string): string {
  const i = name.indexOf('.log');
  return i > 0 ? name.slice(0, i) : name.replace(/\.gz$/, '');
}

export function serviceOf(program: string): string {
  for (const [re, service] of SERVICE_PATTERNS) if (re.test(program)) return service;
  return program.replace(/^nova-/, '');
}

const SERVICE_PREFIXES = ['nova-compute-', 'nova-api-', 'nova-conductor-', 'nova-scheduler-', 'nova-placement-api-', 'placement-api-'];

/** Host from the path relative to the log directory: `nova-compute-<host>.log`, else the nearest telling folder. */
export function hostFromPath(relPath: string): string | null {
  const program = programFromFileName(path.basename(relPath));
  for (const p of SERVICE_PREFIXES) if (program.startsWith(p) && program.length > p.length) return program.slice(p.length);
  const dirs = path.dirname(relPath).split(path.sep).reverse();
  for (const d of dirs) if (d && !GENERIC_DIRS.has(d)) return d;
  return null;
}

/** Rotation generation for ordering: `x.log` → 0, `x.log.1` → 1, `x.log.2.gz` → 2, dated → by date descending. */
export function rotationRank(name: string): number {
  const m = /\.log\.(\d+)(?:\.gz)?$/.exec(name);
  if (m) return Number(m[1]);
  const d = /\.log-(\d{8})(?:\.gz)?$/.exec(name);
  if (d) return 1e9 - Number(d[1]);
  return 0;
}
