// --otlp-endpoint URL: POST the OTLP/JSON to <URL>/v1/traces, as an OTLP/HTTP exporter does
// (Jaeger ≥ 1.55 and Tempo take it on their OTLP/HTTP port, 4318).

import type { OtlpTraces } from './otlp-json.js';

export class OtlpPostError extends Error {}

/** `http://host:4318` → `http://host:4318/v1/traces`; a URL already ending in /v1/traces is kept. */
export function tracesUrl(endpoint: string): URL {
  let url: URL;
  try { url = new URL(endpoint); } catch { throw new OtlpPostError(`--otlp-endpoint: '${endpoint}' is not a URL`); }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OtlpPostError(`--otlp-endpoint: '${endpoint}' is not an http(s) URL`);
  if (!url.pathname.endsWith('/v1/traces')) url.pathname = url.pathname.replace(/\/+$/, '') + '/v1/traces';
  return url;
}

/** Posts the spans; resolves with what was sent, throws OtlpPostError on any failure. */
export async function postOtlp(endpoint: string, body: OtlpTraces, timeoutMs = 10_000): Promise<{ url: string; status: number; spans: number }> {
  const url = tracesUrl(endpoint);
  const spans = body.resourceSpans.reduce((n, r) => n + r.scopeSpans.reduce((m, s) => m + s.spans.length, 0), 0);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const why = err.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : err.cause?.code ?? err.cause?.message ?? err.message;
    throw new OtlpPostError(`cannot post the trace to ${url}: ${why}`);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) {
    const detail = text.trim().replace(/\s+/g, ' ').slice(0, 300);
    throw new OtlpPostError(`${url} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${detail ? `: ${detail}` : ''}`);
  }
  // A 2xx may still carry a partial success: spans the collector refused.
  let rejected = 0, message = '';
  try {
    const p = JSON.parse(text)?.partialSuccess;
    rejected = Number(p?.rejectedSpans ?? 0);
    message = String(p?.errorMessage ?? '');
  } catch { /* an empty or non-JSON body is a plain success */ }
  if (rejected > 0) throw new OtlpPostError(`${url} refused ${rejected} of ${spans} span(s)${message ? `: ${message}` : ''}`);
  return { url: url.toString(), status: res.status, spans };
}
