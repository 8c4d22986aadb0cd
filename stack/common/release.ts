// Which Nova the stack behaves as. `current` (the default) schedules and fails as Nova 2025.x:
// request filters and placement decide capacity, the conductor reschedules through the
// scheduler's alternates. `legacy` keeps pre-Victoria (Pike) behaviour for training on older
// clouds: Ram/Core/Disk/Retry/AvailabilityZone filters on the hosts placement offered, the
// reschedule through the scheduler, the older log wording.

export const RELEASES = ['current', 'legacy'] as const;
export type Release = (typeof RELEASES)[number];

export function isRelease(s: string): s is Release {
  return (RELEASES as readonly string[]).includes(s);
}

/** [filter_scheduler] enabled_filters of each release's default configuration. */
export const DEFAULT_FILTERS: Record<Release, string[]> = {
  current: ['ComputeFilter', 'ComputeCapabilitiesFilter', 'ImagePropertiesFilter', 'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter'],
  legacy: [
    'RetryFilter', 'AvailabilityZoneFilter', 'ComputeFilter', 'ComputeCapabilitiesFilter', 'ImagePropertiesFilter',
    'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter', 'RamFilter', 'CoreFilter', 'DiskFilter',
  ],
};

/** A configuration written before releases existed behaved as `legacy`; a new one is `current`. */
export function releaseOf(cfg: { release?: Release }): Release {
  return cfg.release ?? 'legacy';
}
