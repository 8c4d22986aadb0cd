// Placement's microversions: the `OpenStack-API-Version: placement 1.x` request header picks
// the version (1.0 when absent, the newest for `latest`); each response says which one it got.

import { PlacementError } from './placement-errors.js';

export const MIN_VERSION = '1.0';
export const MAX_VERSION = '1.39';
export const VERSION_HEADER = 'openstack-api-version';
const SERVICE = 'placement';

export class Microversion {
  constructor(readonly major: number, readonly minor: number) {}

  static parse(text: string): Microversion | null {
    const m = /^(\d+)\.(\d+)$/.exec(text.trim());
    return m ? new Microversion(Number(m[1]), Number(m[2])) : null;
  }

  /** At least `min` (and at most `max` when given), both "1.x". */
  matches(min: string, max?: string): boolean {
    const lo = Microversion.parse(min)!;
    if (this.compare(lo) < 0) return false;
    return max === undefined || this.compare(Microversion.parse(max)!) <= 0;
  }

  compare(o: Microversion): number {
    return this.major - o.major || this.minor - o.minor;
  }

  toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

/** The version a request asked for; 406 for one outside MIN..MAX or not a version at all. */
export function requestedVersion(header: string | undefined): Microversion {
  if (!header) return Microversion.parse(MIN_VERSION)!;
  let wanted: string | null = null;
  for (const part of header.split(',')) {
    const [service, version] = part.trim().split(/\s+/, 2);
    if (service?.toLowerCase() === SERVICE && version) wanted = version;
  }
  if (wanted === null) return Microversion.parse(MIN_VERSION)!;
  if (wanted.toLowerCase() === 'latest') return Microversion.parse(MAX_VERSION)!;
  const v = Microversion.parse(wanted);
  if (!v) throw new PlacementError(406, `Invalid microversion: invalid version string: ${wanted}`);
  if (!v.matches(MIN_VERSION, MAX_VERSION)) throw new PlacementError(406, `Invalid microversion: Unacceptable version header: ${wanted}`);
  return v;
}
