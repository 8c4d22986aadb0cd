// The few API calls a lab makes as the admin user: log in, boot lab-vm, wait, clean up.
import { httpJson } from '../common/http-json.js';

export interface LabCloud { token: string; compute: string; projectId: string }

export async function labLogin(authUrl: string, password: string): Promise<LabCloud> {
  const r = await httpJson<{ token: { project: { id: string }; catalog: { type: string; endpoints: { interface: string; url: string }[] }[] } }>('POST', `${authUrl}/auth/tokens`, {
    auth: { identity: { methods: ['password'], password: { user: { name: 'admin', password, domain: { name: 'Default' } } } }, scope: { project: { name: 'admin', domain: { name: 'Default' } } } },
  });
  if (r.status !== 201) throw new Error(`cannot log in to the lab stack: HTTP ${r.status}`);
  const compute = r.body.token.catalog.find((c) => c.type === 'compute')!.endpoints.find((e) => e.interface === 'public')!.url;
  return { token: r.headers.get('x-subject-token')!, compute, projectId: r.body.token.project.id };
}

export function api<T>(c: LabCloud, method: string, path: string, body?: unknown) {
  return httpJson<T>(method, `${c.compute}${path}`, body, { token: c.token });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll until `done` says yes or the time runs out; returns the last value. */
export async function pollUntil<T>(get: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number, everyMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (done(v) || Date.now() > end) return v;
    await sleep(everyMs);
  }
}
