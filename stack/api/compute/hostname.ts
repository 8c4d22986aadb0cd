// nova.utils.sanitize_hostname and compute.api._populate_instance_names: the hostname an
// instance gets from its display name (RFC 952/1123 characters, 63 at most, lower case), with
// the index suffix of a multiple create.

export function sanitizeHostname(name: string): string {
  const latin1 = [...name].filter((c) => c.codePointAt(0)! <= 0xff).join('');
  return latin1.slice(0, 63).replace(/[ _.]/g, '-').replace(/[^\p{L}\p{N}_.-]+/gu, '').toLowerCase().replace(/^[.-]+|[.-]+$/g, '');
}

/** The hostname of instance `index` (0-based) of `count` created with display name `name`. */
export function instanceHostname(name: string, uuid: string, count: number, index: number): string {
  const host = sanitizeHostname(name);
  if (!host) return `Server-${uuid}`;
  return count > 1 ? `${host}-${index + 1}` : host;
}
