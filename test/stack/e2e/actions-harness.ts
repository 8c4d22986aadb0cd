// Helpers for the server-action e2e tests: the CLI's JSON output, a server's state fields, a
// wait for a status, and an action run while the server's compute host is frozen (SIGSTOP), so
// that `openstack server show` sees the task state the API set before the host finishes.
import http from 'node:http';
import { expect } from 'vitest';
import { processPids } from './crash-drill.js';
import type { Stack } from './stack-harness.js';

export interface ServerState { status: string; vm: string; task: string | null; power: number | string; host: string | null }

export async function cliJson(stack: Stack, ...args: string[]): Promise<any> {
  const r = await stack.openstack(...args, '-f', 'json');
  expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
  return JSON.parse(r.out);
}

export async function serverState(stack: Stack, id: string): Promise<ServerState> {
  const s = await cliJson(stack, 'server', 'show', id);
  return { status: s.status, vm: s['OS-EXT-STS:vm_state'], task: s['OS-EXT-STS:task_state'], power: s['OS-EXT-STS:power_state'], host: s['OS-EXT-SRV-ATTR:host'] };
}

export async function waitStatus(stack: Stack, id: string, status: string, timeout = 30_000): Promise<ServerState> {
  await expect.poll(async () => (await serverState(stack, id)).status, { timeout, interval: 300 }).toBe(status);
  return serverState(stack, id);
}

/** Runs `action` while `host`'s nova-compute is stopped and returns what `server show` said then. */
export async function whileHostFrozen(stack: Stack, host: string, id: string, action: () => Promise<unknown> | void): Promise<ServerState> {
  const key = Object.keys(processPids(stack)).find((k) => k.endsWith(host) && k.includes('compute'));
  const pid = key ? processPids(stack)[key] : null;
  if (!pid) throw new Error(`no compute process for ${host}: ${JSON.stringify(processPids(stack))}`);
  process.kill(pid, 'SIGSTOP');
  try {
    await action();
    return await serverState(stack, id);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

/** `openstack server event list` newest first, as {action, request id}. */
export async function serverEvents(stack: Stack, id: string): Promise<{ action: string; requestId: string }[]> {
  return (await cliJson(stack, 'server', 'event', 'list', id) as { Action: string; 'Request ID': string }[]).map((e) => ({ action: e.Action, requestId: e['Request ID'] }));
}

/** The events of one action (admin view) as `event result`. */
export async function actionEvents(stack: Stack, id: string, requestId: string): Promise<string[]> {
  const a = await cliJson(stack, 'server', 'event', 'show', id, requestId);
  return (a.events as { event: string; result: string }[]).map((e) => `${e.event} ${e.result}`);
}

/**
 * A raw request to the compute API with the CLI's token, for what no CLI sends (Nova's image
 * proxy, access IPs on create…). A fresh connection each time: a kept-alive one may be closed by
 * the server just as it is reused.
 */
export async function computeApi(stack: Stack, method: string, suffix: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const token = (await stack.openstack('token', 'issue', '-f', 'value', '-c', 'id')).out.trim();
  const url = new URL(`${stack.env.OS_AUTH_URL.replace(/\/v3\/?$/, '')}/compute/v2.1${suffix}`);
  const payload = body ? JSON.stringify(body) : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method, agent: false, timeout: 30_000,
      headers: { 'X-Auth-Token': token, Accept: 'application/json', ...headers, ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${suffix}: no answer in 30 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** A volume's status as `openstack volume show` gives it; 'gone' once it is deleted. */
export async function volumeStatus(stack: Stack, id: string): Promise<string> {
  const r = await stack.openstack('volume', 'show', id, '-f', 'value', '-c', 'status');
  return r.code === 0 ? r.out.trim() : 'gone';
}

/** Polls the volume's status (every 0.5 s, 20 s at most) until it is `want`. */
export async function volumeStatusBecomes(stack: Stack, id: string, want: string): Promise<void> {
  await expect.poll(() => volumeStatus(stack, id), { timeout: 20_000, interval: 500 }).toBe(want);
}
