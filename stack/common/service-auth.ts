// How a service authenticates to the others, as keystoneauth's password plugin does for Nova's
// [placement]/[neutron]/[glance] sections and keystonemiddleware's [keystone_authtoken]: it
// asks keystone for a project-scoped token of its own service user (project `service`), keeps
// it until shortly before it expires, and on a 401 drops it and retries the call once with a
// new one (keystoneauth's session re-authentication).

import { apiUrl, type StackConfig } from './stack-config.js';
import { httpJson, type JsonRequest, type JsonResponse } from './http-json.js';

/** Where a caller gets the X-Auth-Token it sends. */
export interface TokenSource {
  token(): Promise<string>;
  /** The token was refused (401): the next call authenticates again. */
  invalidate(): void;
}

/** A fixed, already issued token (keystoneauth's `token` plugin, used by tests). */
export function staticToken(token: string): TokenSource {
  return { token: async () => token, invalidate: () => undefined };
}

/** keystoneauth re-authenticates when the token expires within this margin. */
const STALE_MS = 120_000;
const SERVICE_PROJECT = 'service';

export class ServiceAuth implements TokenSource {
  private current: { id: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(private readonly identityUrl: string, private readonly user: string, private readonly password: string) {}

  async token(): Promise<string> {
    if (this.current && this.current.expiresAt - STALE_MS > Date.now()) return this.current.id;
    this.pending ??= this.authenticate().finally(() => { this.pending = null; });
    return this.pending;
  }

  invalidate(): void {
    this.current = null;
  }

  private async authenticate(): Promise<string> {
    const domain = { name: 'Default' };
    const r = await httpJson<{ token?: { expires_at?: string } }>('POST', `${this.identityUrl}/auth/tokens`, {
      auth: {
        identity: { methods: ['password'], password: { user: { name: this.user, password: this.password, domain } } },
        scope: { project: { name: SERVICE_PROJECT, domain } },
      },
    }, { timeoutMs: 10_000 });
    const id = r.headers.get('x-subject-token');
    if (r.status !== 201 || !id) throw new Error(`authentication of service user ${this.user} failed: ${r.status}`);
    const expires = Date.parse(r.body.token?.expires_at ?? '');
    this.current = { id, expiresAt: Number.isNaN(expires) ? Date.now() + STALE_MS * 2 : expires };
    return id;
  }
}

/** The token source of one service user of the stack (nova, placement, neutron, glance). */
export function serviceAuth(cfg: StackConfig, user: 'nova' | 'placement' | 'neutron' | 'glance'): ServiceAuth {
  return new ServiceAuth(apiUrl(cfg, '/v3'), user, cfg.servicePassword);
}

/** httpJson with the source's token; a 401 re-authenticates once. */
export async function authedJson<T = unknown>(auth: TokenSource, method: string, url: string, body?: unknown, opts: Omit<JsonRequest, 'token'> = {}): Promise<JsonResponse<T>> {
  const first = await httpJson<T>(method, url, body, { ...opts, token: await auth.token() });
  if (first.status !== 401) return first;
  auth.invalidate();
  return httpJson<T>(method, url, body, { ...opts, token: await auth.token() });
}
