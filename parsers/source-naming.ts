// Which service and host wrote a file, from its path — the way logs arrive from real
// deployments: `/var/log/nova/nova-compute.log`, `cmp3/nova-compute.log` (one folder per
// host), `nova-compute-cmp3.log` (host in the name), rotated `nova-api.log.1`, `.gz`;
// devstack and OpenStack CI `screen-n-cpu.txt(.gz)`, `n-cpu.log`; kolla
// `/var/log/kolla/nova/`; sosreports `sosreport-<host>-…/var/log/nova/`. When the name says
// nothing, the loggers inside the file decide (sniff.ts).

import path from 'node:path';

/** Program name → service, first match wins. */
export const SERVICE_PATTERNS: readonly [RegExp, string][] = [
  [/placement/, 'placement'],
  [/n-api-meta|nova-metadata/, 'metadata'],
  [/nova-api|osapi|nova_api|^(screen-)?n-api$|^api$/, 'api'],
  [/nova-conductor|^(screen-)?n-(super-)?cond(uctor)?$|^conductor$/, 'conductor'],
  [/nova-scheduler|^(screen-)?n-sch$|^scheduler$/, 'scheduler'],
  [/nova-compute|^(screen-)?n-cpu(-\d+)?$|^compute$/, 'compute'],
  [/nova-novncproxy|novncproxy|^(screen-)?n-novnc/, 'novncproxy'],
  [/neutron|^(screen-)?q-(svc|agt|dhcp|l3|meta)/, 'neutron'],
  [/glance|^(screen-)?g-api/, 'glance'],
  [/keystone/, 'keystone'],
  [/cinder|^(screen-)?c-(api|vol|sch)/, 'cinder'],
];

/** Directory names that say nothing about the host. */
const GENERIC_DIRS = new Set([
  'nova', 'log', 'logs', 'var', 'placement', 'openstack', 'old', 'archive', 'rotated', '.', 'kolla', 'containers',
  'journal', 'screen-logs', 'controller-logs', 'nova-compute', 'nova-api', 'nova-scheduler', 'nova-conductor', 'httpd', 'apache2',
]);

/** `nova-compute.log.2.gz` → `nova-compute`; `nova-api.log-20261122` → `nova-api`; `screen-n-cpu.txt.gz` → `screen-n-cpu`. */
export function programFromFileName(name: string): string {
  const i = name.indexOf('.log');
  if (i > 0) return name.slice(0, i);
  const t = name.indexOf('.txt');
  if (t > 0) return name.slice(0, t);
  return name.replace(/\.gz$/, '').replace(/\.(json|out)$/, '');
}

/** devstack's systemd units (`devstack@n-cpu.service`) name the same programs as its screen logs. */
function unitName(program: string): string {
  return program.startsWith('devstack@') ? program.slice('devstack@'.length).replace(/\.service$/, '') : program;
}

export function serviceOf(program: string): string {
  return serviceFromName(program) ?? unitName(program).replace(/^nova-/, '');
}

/** Whether the program name itself names a service (otherwise the file's loggers decide). */
export function serviceFromName(program: string): string | null {
  const name = unitName(program);
  for (const [re, service] of SERVICE_PATTERNS) if (re.test(name)) return service;
  return null;
}

const SERVICE_PREFIXES = ['nova-compute-', 'nova-api-', 'nova-conductor-', 'nova-scheduler-', 'nova-placement-api-', 'placement-api-'];

/** `sosreport-cmp3-01234567-2019-03-12-abcdef` → `cmp3` (case number, date and random suffix cut). */
export function hostFromSosreport(dir: string): string | null {
  if (!dir.startsWith('sosreport-')) return null;
  let rest = dir.slice('sosreport-'.length).replace(/\.tar(\.\w+)?$/, '');
  rest = rest.replace(/-\d{4}-\d\d-\d\d-\w+$/, '').replace(/-\d{5,}$/, '');
  return rest || null;
}

/** Host from the path relative to the log directory: `nova-compute-<host>.log`, a sosreport folder, else the nearest telling folder. */
export function hostFromPath(relPath: string): string | null {
  const program = programFromFileName(path.basename(relPath));
  for (const p of SERVICE_PREFIXES) if (program.startsWith(p) && program.length > p.length && !/^\d+$/.test(program.slice(p.length))) return program.slice(p.length);
  const dirs = path.dirname(relPath).split(path.sep).reverse();
  for (const d of dirs) {
    const sos = hostFromSosreport(d);
    if (sos) return sos;
  }
  for (const d of dirs) if (d && !GENERIC_DIRS.has(d) && !d.startsWith('sosreport-')) return d;
  return null;
}

/** Rotation generation for ordering: `x.log` → 0, `x.log.1` → 1, `x.log.2.gz` → 2, dated → by date descending. */
export function rotationRank(name: string): number {
  const m = /\.(?:log|txt)\.(\d+)(?:\.gz)?$/.exec(name);
  if (m) return Number(m[1]);
  const d = /\.(?:log|txt)-(\d{8})(?:\.gz)?$/.exec(name);
  if (d) return 1e9 - Number(d[1]);
  return 0;
}
