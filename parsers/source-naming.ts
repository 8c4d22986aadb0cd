// Which service and host wrote a file, from its path — the way logs arrive from real
// deployments: `/var/log/nova/nova-compute.log`, `cmp3/nova-compute.log` (one folder per
// host), `nova-compute-cmp3.log` (host in the name), rotated `nova-api.log.1`, `.gz`;
// devstack and OpenStack CI `screen-n-cpu.txt(.gz)`, `n-cpu.log`; kolla
// `/var/log/kolla/nova/`; sosreports `sosreport-<host>-…/var/log/nova/`; Kubernetes nodes
// `/var/log/pods/<namespace>_<pod>_<uid>/<container>/0.log` and
// `/var/log/containers/<pod>_<namespace>_<container>-<id>.log` (the container names the
// service; a pod is no host: the node's folder above, or the lines, name it). When the name
// says nothing, the loggers inside the file decide (sniff.ts).

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
  'pods',
]);

/** A kubelet pod log folder: `<namespace>_<pod>_<pod uid>`. */
const KUBE_POD_DIR = /^[a-z0-9][-a-z0-9]*_[a-z0-9][-a-z0-9.]*_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A kubelet container log link: `<pod>_<namespace>_<container>-<container id>.log`. */
const KUBE_CONTAINER_LOG = /^[a-z0-9][-a-z0-9.]*_[a-z0-9][-a-z0-9]*_([a-z0-9][-a-z0-9]*)-[0-9a-f]{64}\.log/;

/**
 * The random end of a Kubernetes pod name (`nova-compute-default-q9r4t`): five characters of
 * the alphabet Kubernetes draws them from (no vowels, no 0, 1, 3).
 */
const KUBE_POD_SUFFIX = /-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

/** The program a file's path names: a Kubernetes container's name, else the file name's (programFromFileName). */
export function programFromPath(relPath: string): string {
  const name = path.basename(relPath);
  const link = KUBE_CONTAINER_LOG.exec(name);
  if (link) return link[1];
  const dirs = path.dirname(relPath).split(path.sep);
  if (dirs.length >= 2 && KUBE_POD_DIR.test(dirs[dirs.length - 2])) return dirs[dirs.length - 1];
  return programFromFileName(name);
}

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
  const program = programFromPath(relPath);
  for (const p of SERVICE_PREFIXES) {
    const rest = program.slice(p.length);
    if (program.startsWith(p) && rest.length > 0 && !/^\d+$/.test(rest) && !(rest.includes('-') && KUBE_POD_SUFFIX.test(rest))) return rest;
  }
  // A pod's folder and its containers' folders below it name no host.
  const all = path.dirname(relPath).split(path.sep);
  const dirs = all.filter((d, i) => !KUBE_POD_DIR.test(d) && !(i > 0 && KUBE_POD_DIR.test(all[i - 1]))).reverse();
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
