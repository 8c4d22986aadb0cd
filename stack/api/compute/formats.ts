// Formats shared by the compute API's views: resource links (self under /compute/v2.1,
// bookmark under /compute, no project id in the URL), the two timestamp styles of Nova's
// 2.1 responses and the obfuscated hostId.

import { createHash } from 'node:crypto';

export interface Link { rel: 'self' | 'bookmark'; href: string }

export function links(baseUrl: string, collection: string, id: string | number): Link[] {
  return [
    { rel: 'self', href: `${baseUrl}/compute/v2.1/${collection}/${id}` },
    { rel: 'bookmark', href: `${baseUrl}/compute/${collection}/${id}` },
  ];
}

/** utils.generate_hostid: sha224 of project id and host, '' without a host. */
export const hostId = (projectId: string, host: string | null) => (host ? createHash('sha224').update(projectId + host).digest('hex') : '');

export const bookmark = (baseUrl: string, collection: string, id: string): Link[] => [{ rel: 'bookmark', href: `${baseUrl}/compute/${collection}/${id}` }];

/** `2030-01-01T00:00:00.000000`: instance actions, services, aggregates, launched_at. */
export function novaTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/.exec(iso);
  if (!m) return iso;
  return `${m[1]}.${(m[2] ?? '').padEnd(6, '0').slice(0, 6)}`;
}

/** `2030-01-01T00:00:00Z`: a server's created/updated. */
export function isoSeconds(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z');
}
