// One boot under a fault, as the fault e2e tests drive it: `openstack server create` with the real
// CLI (no --wait: a failed boot is the point), the request id from `openstack server event list`,
// then nova-trace on the log directory, as JSON and as the text an operator reads.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { waitForServer, type Cloud } from '../../../core/cli/demo-cloud-client.js';
import type { Stack } from './stack-harness.js';

export interface TraceJson {
  verdict: { status: string; failed_stage: string | null; cause: { id: string } | null; signature: string | null; filter?: string | null; host?: string | null; summary?: string; root_cause?: { message: string } | null };
  hosts?: string[];
}

export interface Booted { id: string; status: string; requestId: string; trace: TraceJson; text: string }

export interface BootOptions { image?: string; flavor?: string; timeoutMs?: number; create?: string[]; exitCode?: number }

export async function bootAndTrace(stack: Stack, cloud: Cloud, name: string, opts: BootOptions = {}): Promise<Booted> {
  const create = await stack.openstack('server', 'create', '--flavor', opts.flavor ?? 'm1.tiny', '--image', opts.image ?? 'cirros', '--network', 'private', ...(opts.create ?? []), name, '-f', 'json');
  expect(create.code, create.err).toBe(0);
  const id = (JSON.parse(create.out) as { id: string }).id;
  // spawnSync blocked the event loop: let the fetch pool see sockets the API closed meanwhile
  // (keep-alive timeout), or the next request may go out on one of them ('other side closed').
  await new Promise((r) => setTimeout(r, 50));
  const status = await waitForServer(cloud, id, opts.timeoutMs ?? 60_000);
  const events = JSON.parse((await stack.openstack('server', 'event', 'list', id, '-f', 'json')).out) as { 'Request ID': string; Action: string }[];
  const requestId = events.find((e) => e.Action === 'create')!['Request ID'];
  await new Promise((r) => setTimeout(r, 300));
  const t = await stack.trace(requestId, '--log-dir', stack.logDir, '--json');
  const text = (await stack.trace(requestId, '--log-dir', stack.logDir, '--no-color')).out;
  expect(t.code, t.err).toBe(opts.exitCode ?? 1);
  return { id, status, requestId, trace: JSON.parse(t.out) as TraceJson, text };
}

/** An image no host has cached yet (a new upload, as far as the computes can tell). */
export function freshImage(stack: Stack): string {
  const id = randomUUID();
  const db = new Database(path.join(stack.stateDir, 'nova.sqlite'));
  try {
    db.prepare(`INSERT INTO images (id, name, status, size, disk_format, created_at, updated_at) VALUES (?, ?, 'active', 1048576, 'qcow2', datetime('now'), datetime('now'))`).run(id, `new-${id.slice(0, 8)}`);
  } finally {
    db.close();
  }
  return id;
}

/** Until every compute host's reported NUMA topology satisfies `ok` (its 2 MiB pages, read as the scheduler reads them). */
export async function untilTopology(stack: Stack, ok: (hugePages: number[]) => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const db = new Database(path.join(stack.stateDir, 'nova.sqlite'), { readonly: true });
    let rows: { numa_topology: string | null }[];
    try { rows = db.prepare('SELECT numa_topology FROM compute_nodes').all() as { numa_topology: string | null }[]; } finally { db.close(); }
    const pages = rows.map((r) => (r.numa_topology ? (JSON.parse(r.numa_topology) as { cells: { mempages: { size_kb: number; total: number }[] }[] }).cells
      .reduce((n, c) => n + (c.mempages.find((p) => p.size_kb === 2048)?.total ?? 0), 0) : -1));
    if (rows.length > 0 && ok(pages)) return;
    if (Date.now() > end) throw new Error(`hosts' huge pages stayed ${pages.join(', ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The verdict line nova-trace printed, for the README's fault table. */
export function verdictLine(text: string): string {
  return text.split('\n').find((l) => /^\s*(Verdict|ERROR|STUCK)/.test(l))?.trim() ?? text.split('\n').slice(0, 3).join(' | ');
}

/** With NOVA_FAULT_TABLE / NOVA_FAULT_TEXT set, appends the verdict line / the whole trace text (the README's figures). */
export function record(fault: string, b: Booted): void {
  if (process.env.NOVA_FAULT_TABLE) fs.appendFileSync(process.env.NOVA_FAULT_TABLE, `${fault}\t${verdictLine(b.text)}\n`);
  if (process.env.NOVA_FAULT_TEXT) fs.appendFileSync(process.env.NOVA_FAULT_TEXT, `=== ${fault}\n${b.text}\n`);
}

export const logOf = (stack: Stack, file: string): string => fs.readFileSync(path.join(stack.logDir, file), 'utf8');

/** MEMORY_MB reserved per resource provider, as placement holds it. */
export function memoryReserved(stack: Stack): number[] {
  const db = new Database(path.join(stack.stateDir, 'placement.sqlite'), { readonly: true });
  try {
    return (db.prepare(`SELECT reserved FROM inventories WHERE resource_class = 'MEMORY_MB'`).all() as { reserved: number }[]).map((r) => r.reserved);
  } finally {
    db.close();
  }
}
