// Real logs as a Kubernetes-hosted cloud hands them over: the kubelet's pod folders
// (`/var/log/pods/<ns>_<pod>_<uid>/<container>/0.log`, CRI-wrapped lines, long lines cut into
// P/F parts), the `/var/log/containers/` links, Docker's json-file lines and
// `kubectl logs --timestamps`. Each must give the trace the original files give: services from
// the container names, hosts from the node's folder or from the lines, never from a pod.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import type { Trace } from '../../core/trace/trace-types.js';
import { realLogDir } from '../helpers/real-logs.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-kube-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const KILO = realLogDir('rdo-kilo-boots');
const KILO_BOOT = 'req-22a1feae-f615-4021-8440-5efbcd223941';
const UID = (n: number) => `${String(n).repeat(8)}-1111-4222-8333-444455556666`;
const HEX64 = 'a3'.repeat(32);

const lines = (rel: string) => fs.readFileSync(path.join(KILO, rel), 'utf8').split('\n').filter((l) => l.length > 0);
const STAMP = '2015-11-12T10:00:00.123456789Z';

/** CRI lines; a line longer than `cut` is written as P parts and its F end, as the kubelet does past 16 KiB. */
function cri(rel: string, cut = Infinity): string {
  const out: string[] = [];
  for (const l of lines(rel)) {
    let rest = l;
    while (rest.length > cut) { out.push(`${STAMP} stderr P ${rest.slice(0, cut)}`); rest = rest.slice(cut); }
    out.push(`${STAMP} stderr F ${rest}`);
  }
  return out.join('\n') + '\n';
}
const dockerJson = (rel: string) => lines(rel).map((l) => JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: STAMP })).join('\n') + '\n';
const kubectlTimestamps = (rel: string) => lines(rel).map((l) => `${STAMP} ${l}`).join('\n') + '\n';

function put(rel: string, data: string): void {
  const f = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, data);
}

function essentials(t: Trace) {
  return { status: t.verdict.status, signature: t.verdict.signature, cause: t.verdict.cause?.id ?? null, failed: t.verdict.failed_stage, hosts: t.hosts, stages: t.stages.map((s) => `${s.stage}|${s.status}`) };
}

const PODS: [string, string, string, string][] = [
  // node folder, pod, container, original file
  ['controller1', 'nova-api-osapi-5d8f7c9b6-x2kqz', 'nova-osapi', 'controller1/nova-api.log'],
  ['controller1', 'nova-scheduler-6c5b4f7d9-kl9mn', 'nova-scheduler', 'controller1/nova-scheduler.log'],
  ['controller1', 'nova-conductor-7f9d8c6b5-fgh2j', 'nova-conductor', 'controller1/nova-conductor.log'],
  ['controller1', 'nova-compute-default-x7k2p', 'nova-compute', 'controller1/nova-compute.log'],
  ['networker2', 'nova-compute-default-q9r4t', 'nova-compute', 'networker2/nova-compute.log'],
  ['networker3', 'nova-compute-default-m4n8w', 'nova-compute', 'networker3/nova-compute.log'],
];

describe('Kubernetes nodes\' container logs', () => {
  it('kubelet pod folders under one folder per node: CRI lines (long ones in P/F parts), services from the containers, hosts from the nodes', async () => {
    PODS.forEach(([node, pod, container, file], i) => put(`pods/${node}/var/log/pods/openstack_${pod}_${UID(i + 1)}/${container}/0.log`, cri(file, 300)));
    const original = (await traceRequest([KILO], KILO_BOOT)).trace!;
    const { trace, sources } = await traceRequest([path.join(tmp, 'pods')], KILO_BOOT);
    expect(essentials(trace!)).toEqual(essentials(original));
    expect(trace!.records.length).toBe(original.records.length);
    expect(trace!.records.map((r) => r.message)).toEqual(original.records.map((r) => r.message));
    expect(new Set(sources.map((s) => `${s.service}@${s.host}`))).toEqual(new Set([
      'api@controller1', 'scheduler@controller1', 'conductor@controller1', 'compute@controller1', 'compute@networker2', 'compute@networker3',
    ]));
  });

  it('/var/log/containers links of one node, Docker json-file lines: no folder names a host, the compute lines do', async () => {
    PODS.forEach(([, pod, container, file]) => put(`links/var/log/containers/${pod}_openstack_${container}-${HEX64.slice(0, 62)}${String(PODS.findIndex((p) => p[1] === pod)).padStart(2, '0')}.log`, dockerJson(file)));
    const original = (await traceRequest([KILO], KILO_BOOT)).trace!;
    const { trace, sources } = await traceRequest([path.join(tmp, 'links')], KILO_BOOT);
    // The hosts are the nodes as Nova names them in its lines (the original's folders shortened them).
    expect({ ...essentials(trace!), hosts: [] }).toEqual({ ...essentials(original), hosts: [] });
    expect(trace!.hosts).toHaveLength(original.hosts.length);
    original.hosts.forEach((h, i) => expect(trace!.hosts[i]).toMatch(new RegExp(`(^|_)${h}(_|$)`)));
    expect(new Set(sources.map((s) => s.service))).toEqual(new Set(['api', 'scheduler', 'conductor', 'compute']));
    // No pod name, container name or container id is ever taken for a host.
    for (const s of sources) expect(s.host ?? '').not.toMatch(/default|openstack|[0-9a-f]{20}/);
  });

  it('kubectl logs --timestamps, one file per pod named after it, one folder per node: a pod name is no host', async () => {
    PODS.forEach(([node, pod, , file]) => put(`kubectl/${node}/${pod}.log`, kubectlTimestamps(file)));
    const original = (await traceRequest([KILO], KILO_BOOT)).trace!;
    const { trace } = await traceRequest([path.join(tmp, 'kubectl')], KILO_BOOT);
    expect(essentials(trace!)).toEqual(essentials(original));
  });
});
