// Resource classes and the capacity rule placement applies everywhere: a provider can take
// `amount` of a class when (total - reserved) * allocation_ratio - used >= amount and the
// amount respects min_unit, max_unit and step_size.

import { PlacementError } from './placement-errors.js';

export const STANDARD_RESOURCE_CLASSES = [
  'VCPU', 'MEMORY_MB', 'DISK_GB', 'PCI_DEVICE', 'SRIOV_NET_VF', 'NUMA_SOCKET', 'NUMA_CORE', 'NUMA_THREAD',
  'NUMA_MEMORY_MB', 'IPV4_ADDRESS', 'VGPU', 'VGPU_DISPLAY_HEAD', 'NET_BW_EGR_KILOBIT_PER_SEC',
  'NET_BW_IGR_KILOBIT_PER_SEC', 'PCPU', 'MEM_ENCRYPTION_CONTEXT', 'FPGA', 'PGPU',
] as const;

const STANDARD = new Set<string>(STANDARD_RESOURCE_CLASSES);

export function isResourceClass(rc: string): boolean {
  return STANDARD.has(rc) || /^CUSTOM_[A-Z0-9_]+$/.test(rc);
}

export const MAX_INT = 2147483647;

export interface Inventory {
  resource_class: string;
  total: number;
  reserved: number;
  min_unit: number;
  max_unit: number;
  step_size: number;
  allocation_ratio: number;
}

export const INVENTORY_DEFAULTS = { reserved: 0, min_unit: 1, max_unit: MAX_INT, step_size: 1, allocation_ratio: 1.0 } as const;

/** A float as Python prints it (placement's messages show capacities as 12288.0). */
export const floatText = (n: number) => (Number.isInteger(n) ? `${n}.0` : String(n));

/** Kept a float, as placement compares it. */
export const capacityOf = (inv: Inventory) => (inv.total - inv.reserved) * inv.allocation_ratio;

export function withinUnits(inv: Inventory, amount: number): boolean {
  return amount >= inv.min_unit && amount <= inv.max_unit && amount % inv.step_size === 0;
}

export function fits(inv: Inventory, used: number, amount: number): boolean {
  return withinUnits(inv, amount) && used + amount <= capacityOf(inv);
}

/** Parses `VCPU:1,MEMORY_MB:512` (the `resources` query parameter) with placement's messages. */
export function parseResourcesParam(text: string | null): Record<string, number> {
  const form = 'Badly formed resources parameter. Expected resources query string parameter in form: ?resources=VCPU:2,MEMORY_MB:1024.';
  if (!text) throw new PlacementError(400, `${form} Got: empty string.`);
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const pieces = part.split(':');
    if (pieces.length !== 2) throw new PlacementError(400, `${form} Got: ${part}.`);
    const [rc, amountText] = pieces;
    if (!/^-?\d+$/.test(amountText.trim())) throw new PlacementError(400, `Requested resource ${rc} expected positive integer amount. Got: ${amountText}.`);
    const amount = Number(amountText);
    if (amount < 1) throw new PlacementError(400, `Requested resource ${rc} requires amount >= 1. Got: ${amount}.`);
    if (!isResourceClass(rc)) throw new PlacementError(400, `Invalid resource class in resources parameter: No such resource class ${rc}.`);
    out[rc] = amount;
  }
  return out;
}
