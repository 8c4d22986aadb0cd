// Just enough of an OpenStack client for the demo: a keystone token, then nova calls with the
// request id the API answers in x-openstack-request-id. (Users drive the stack with the real
// `openstack` CLI; the demo must also run where that CLI is not installed.)

export interface Cloud {
  token: string;
  compute: string;
}

export async function login(authUrl: string, password: string): Promise<Cloud> {
  const res = await fetch(`${authUrl}/auth/tokens`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'admin', password, domain: { name: 'Default' } } } }, scope: { project: { name: 'admin', domain: { name: 'Default' } } } } }),
  });
  if (res.status !== 201) throw new Error(`keystone refused the demo's login: HTTP ${res.status}`);
  const body = await res.json() as { token: { catalog: { type: string; endpoints: { interface: string; url: string }[] }[] } };
  const compute = body.token.catalog.find((c) => c.type === 'compute')?.endpoints.find((e) => e.interface === 'public')?.url;
  if (!compute) throw new Error('the catalog has no compute endpoint');
  return { token: res.headers.get('x-subject-token')!, compute };
}

export async function nova<T>(cloud: Cloud, method: string, path: string, body?: unknown): Promise<{ status: number; body: T; requestId: string }> {
  const res = await fetch(`${cloud.compute}${path}`, {
    method, headers: { 'X-Auth-Token': cloud.token, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, requestId: res.headers.get('x-openstack-request-id') ?? '' };
}

/** Poll a server until it leaves BUILD (every 100 ms, at most `timeoutMs`). */
export async function waitForServer(cloud: Cloud, id: string, timeoutMs: number): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await nova<{ server: { status: string } }>(cloud, 'GET', `/servers/${id}`);
    const status = r.body?.server?.status ?? `HTTP ${r.status}`;
    if (status !== 'BUILD' || Date.now() > end) return status;
    await new Promise((res) => setTimeout(res, 100));
  }
}
