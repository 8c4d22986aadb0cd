// What the e2e tests of server moves share: the server's state as `openstack server show`
// prints it, the placement allocations of a consumer (GET /allocations/{uuid} with the CLI's
// token), the migration records (`openstack server migration list`), and waiting for a state.
import { expect } from 'vitest';
import { runCommand, type Stack } from './stack-harness.js';

export interface Shown { id: string; status: string; 'OS-EXT-STS:task_state': string | null; 'OS-EXT-STS:vm_state': string; 'OS-EXT-SRV-ATTR:host': string | null; flavor: string }

export const tick = () => new Promise((r) => setTimeout(r, 10));

export async function show(stack: Stack, name: string): Promise<Shown> {
  const r = await stack.openstack('server', 'show', name, '-f', 'json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Shown;
}

export async function waitFor(stack: Stack, name: string, status: string, timeoutMs = 60_000): Promise<Shown> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await show(stack, name);
    if (s.status === status && !s['OS-EXT-STS:task_state']) return s;
    if (Date.now() > end) throw new Error(`${name} stayed ${s.status}/${s['OS-EXT-STS:task_state']}, wanted ${status}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export async function boot(stack: Stack, name: string, flavor = 'm1.tiny'): Promise<Shown> {
  const r = await stack.openstack('server', 'create', '--flavor', flavor, '--image', 'cirros', '--network', 'private', name, '--wait', '-f', 'json');
  expect(r.code, r.err).toBe(0);
  return show(stack, name);
}

const placementAccess = new WeakMap<Stack, { url: string; token: string }>();

/** Placement's public URL and a token, asked of the CLI once per stack. */
async function placementUrl(stack: Stack): Promise<{ url: string; token: string }> {
  const known = placementAccess.get(stack);
  if (known) return known;
  const token = (await stack.openstack('token', 'issue', '-f', 'value', '-c', 'id')).out.trim();
  const catalog = JSON.parse((await stack.openstack('catalog', 'show', 'placement', '-f', 'json')).out) as { endpoints: { interface: string; url: string }[] | string };
  const eps = typeof catalog.endpoints === 'string' ? [] : catalog.endpoints;
  const url = eps.find((e) => e.interface === 'public')?.url ?? /public: (\S+)/.exec(String(catalog.endpoints))![1];
  placementAccess.set(stack, { url, token });
  return { url, token };
}

/** GET on placement with the CLI's token (curl: one connection per request). */
async function placementGet<T>(stack: Stack, path: string, version: string): Promise<T> {
  const { url, token } = await placementUrl(stack);
  const r = await runCommand('curl', ['-sf', '-H', `X-Auth-Token: ${token}`, '-H', `OpenStack-API-Version: placement ${version}`, `${url}${path}`], process.env, 20_000);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as T;
}

/** Resource provider uuid → resources held by `consumer` in placement. */
export async function allocations(stack: Stack, consumer: string): Promise<Record<string, Record<string, number>>> {
  const body = await placementGet<{ allocations: Record<string, { resources: Record<string, number> }> }>(stack, `/allocations/${consumer}`, '1.28');
  return Object.fromEntries(Object.entries(body.allocations).map(([rp, a]) => [rp, a.resources]));
}

/** Host name → its resource provider uuid. */
export async function providers(stack: Stack): Promise<Record<string, string>> {
  const body = await placementGet<{ resource_providers: { uuid: string; name: string }[] }>(stack, '/resource_providers', '1.20');
  return Object.fromEntries(body.resource_providers.map((p) => [p.name, p.uuid]));
}

export interface MigrationRow { Id?: number; 'Source Compute': string; 'Dest Compute': string; Status: string; 'Server UUID': string; 'Old Flavor': number; 'New Flavor': number }

export async function migrations(stack: Stack, server: string): Promise<MigrationRow[]> {
  const r = await stack.openstack('server', 'migration', 'list', '--server', server, '-f', 'json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as MigrationRow[];
}

/** Polls `openstack server show` until `status` with no task, returning each status/task_state seen on the way. */
export async function pollStates(stack: Stack, name: string, status: string, timeoutMs = 60_000): Promise<string[]> {
  const seen: string[] = [];
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await show(stack, name);
    const label = `${s.status}/${s['OS-EXT-STS:task_state'] ?? 'None'}`;
    if (seen[seen.length - 1] !== label) seen.push(label);
    if (s.status === status && !s['OS-EXT-STS:task_state']) return seen;
    if (Date.now() > end) throw new Error(`${name}: saw ${seen.join(' → ')}, never ${status}`);
    await tick();
  }
}

/** Consumer → resources of every allocation against one provider (GET /resource_providers/{uuid}/allocations). */
export async function providerAllocations(stack: Stack, rp: string): Promise<Record<string, Record<string, number>>> {
  const body = await placementGet<{ allocations: Record<string, { resources: Record<string, number> }> }>(stack, `/resource_providers/${rp}/allocations`, '1.28');
  return Object.fromEntries(Object.entries(body.allocations).map(([c, a]) => [c, a.resources]));
}
