// The labs whose failure is a move, not a boot: lab-vm boots normally, then the lab's faults are
// injected and lab-vm is moved as the user would (a live migration or a resize); the lab's request
// is the move's.

import { DEFAULT_CLOUD } from '../db/seed.js';
import type { Lab } from './lab-catalog.js';
import { api, pollUntil, type LabCloud } from './lab-cloud.js';

export type LabMove = NonNullable<Lab['move']>;

/** The server action the CLI sends (`openstack server migrate --live-migration --block-migration`, `openstack server resize --flavor m1.small`). */
const ACTIONS: Record<LabMove, Record<string, unknown>> = {
  'live-migrate': { 'os-migrateLive': { host: null, block_migration: true, disk_over_commit: false } },
  resize: { resize: { flavorRef: '2' } },
};

type Shown = { server?: { status: string; 'OS-EXT-STS:task_state'?: string | null } };
const settled = (r: { body: Shown }) => r.body.server !== undefined && r.body.server.status !== 'BUILD' && !r.body.server['OS-EXT-STS:task_state'];

/** Boot lab-vm and wait for it; null when it did not become ACTIVE (its status). */
export async function bootForMove(cloud: LabCloud): Promise<{ id: string } | { status: string }> {
  const r = await api<{ server: { id: string } }>(cloud, 'POST', '/servers', { server: { name: 'lab-vm', flavorRef: '1', imageRef: DEFAULT_CLOUD.image.id, networks: [{ uuid: DEFAULT_CLOUD.network.id }] } });
  if (r.status !== 202) return { status: `HTTP ${r.status}` };
  const id = r.body.server.id;
  const last = await pollUntil(() => api<Shown>(cloud, 'GET', `/servers/${id}`), settled, 90_000, 500);
  return last.body.server?.status === 'ACTIVE' ? { id } : { status: last.body.server?.status ?? `HTTP ${last.status}` };
}

/** Move lab-vm and wait until the move is over; the move's request id and lab-vm's status after it. */
export async function moveServer(cloud: LabCloud, id: string, move: LabMove): Promise<{ status: string; requestId: string; apiMessage: string | null }> {
  const r = await api<Record<string, { message?: string }>>(cloud, 'POST', `/servers/${id}/action`, ACTIONS[move]);
  const requestId = r.headers.get('x-openstack-request-id') ?? '';
  if (r.status !== 202) return { status: `HTTP ${r.status}`, requestId, apiMessage: Object.values(r.body ?? {})[0]?.message ?? null };
  await new Promise((res) => setTimeout(res, 300));
  const last = await pollUntil(() => api<Shown>(cloud, 'GET', `/servers/${id}`), settled, 90_000, 500);
  return { status: last.body.server?.status ?? `HTTP ${last.status}`, requestId, apiMessage: null };
}
