// Nova's CPU set options ([compute] cpu_dedicated_set, cpu_shared_set) as nova.virt.hardware's
// parse_cpu_spec reads them: "0-3,8,^2" — ranges, single CPUs, and exclusions with ^.

export function parseCpuSpec(spec: string): Set<number> {
  const include = new Set<number>();
  const exclude = new Set<number>();
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const neg = part.startsWith('^');
    const m = /^(\d+)(?:-(\d+))?$/.exec(neg ? part.slice(1) : part);
    if (!m) throw new Error(`Invalid CPU range ${part}`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) throw new Error(`Invalid range expression ${part}`);
    if (neg && m[2] !== undefined) throw new Error(`Invalid exclusion expression ${part}`);
    for (let c = lo; c <= hi; c++) (neg ? exclude : include).add(c);
  }
  for (const c of exclude) include.delete(c);
  if (include.size === 0) throw new Error(`No CPUs available after parsing ${spec}`);
  return include;
}

/**
 * The host's CPU inventory as the libvirt driver reports it: PCPU from cpu_dedicated_set; VCPU
 * from cpu_shared_set, none when only cpu_dedicated_set is set, every CPU when neither is.
 */
export function cpuInventory(vcpus: number, sets: { dedicated?: string; shared?: string }): { VCPU: number; PCPU: number } {
  const pcpu = sets.dedicated ? parseCpuSpec(sets.dedicated).size : 0;
  const vcpu = sets.shared ? parseCpuSpec(sets.shared).size : sets.dedicated ? 0 : vcpus;
  return { VCPU: vcpu, PCPU: pcpu };
}
