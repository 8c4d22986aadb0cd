// What the volume attachment API tests set up over real HTTP: a server the harness put on cmp1 in
// a given state (no compute runs the build), and a cinder-lite volume once it is available.
import { expect } from 'vitest';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import type { ApiHarness } from './api-harness.js';

const C = '/compute/v2.1';

export async function serverOnHost(h: ApiHarness, name: string, token?: string, state: { vm_state?: string; task_state?: string | null } = {}): Promise<string> {
  const server = { name, imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: DEFAULT_CLOUD.network.id }] };
  const r = await h.call('POST', `${C}/servers`, { server }, { token });
  expect(r.status, r.text).toBe(202);
  h.db.prepare("UPDATE instances SET vm_state = ?, task_state = ?, host = 'cmp1', node = 'cmp1', power_state = 1 WHERE uuid = ?")
    .run(state.vm_state ?? 'active', state.task_state ?? null, r.body.server.id);
  return r.body.server.id as string;
}

/** A volume's status as an admin sees it; 'gone' once it is deleted. */
export async function volumeStatus(h: ApiHarness, id: string): Promise<string> {
  const r = await h.call('GET', `/volume/v3/volumes/${id}?all_tenants=1`);
  return r.status === 404 ? 'gone' : r.body.volume.status as string;
}

export async function availableVolume(h: ApiHarness, token?: string): Promise<string> {
  const r = await h.call('POST', '/volume/v3/volumes', { volume: { size: 1, name: 'data' } }, { token });
  expect(r.status, r.text).toBe(202);
  const id = r.body.volume.id as string;
  for (let i = 0; i < 50 && (await volumeStatus(h, id)) === 'creating'; i++) await new Promise((res) => setTimeout(res, 50));
  return id;
}
