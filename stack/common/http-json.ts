// JSON over HTTP between the stack's services (compute → neutron, glance, placement; scheduler
// → placement; neutron → nova external events), always on loopback, with the request id passed
// along as OpenStack clients do (X-OpenStack-Request-ID) and a bounded time.

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export class HttpError extends Error {
  constructor(readonly status: number, readonly method: string, readonly url: string, readonly body: unknown) {
    super(`${method} ${url} returned ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.name = 'HttpError';
  }
}

export interface JsonRequest {
  token?: string;
  requestId?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export async function httpJson<T = unknown>(method: string, url: string, body?: unknown, opts: JsonRequest = {}): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...opts.headers };
  if (opts.token) headers['X-Auth-Token'] = opts.token;
  if (opts.requestId) headers['X-OpenStack-Request-ID'] = opts.requestId;
  const res = await fetch(url, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  if (text && (res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Like httpJson, but a status ≥ 400 raises HttpError. */
export async function httpJsonOk<T = unknown>(method: string, url: string, body?: unknown, opts: JsonRequest = {}): Promise<JsonResponse<T>> {
  const r = await httpJson<T>(method, url, body, opts);
  if (r.status >= 400) throw new HttpError(r.status, method, url, r.body);
  return r;
}
