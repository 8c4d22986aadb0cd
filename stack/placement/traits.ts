// Trait names placement accepts: the os-traits names the stack's services use, and CUSTOM_*.
// Trait query values (`required`, `root_required`) parse here: `A,!B` → required A, forbidden B.

import { PlacementError } from './placement-errors.js';

export const STANDARD_TRAITS = [
  'COMPUTE_STATUS_DISABLED', 'COMPUTE_NODE',
  'COMPUTE_IMAGE_TYPE_AKI', 'COMPUTE_IMAGE_TYPE_AMI', 'COMPUTE_IMAGE_TYPE_ARI', 'COMPUTE_IMAGE_TYPE_ISO',
  'COMPUTE_IMAGE_TYPE_PLOOP', 'COMPUTE_IMAGE_TYPE_QCOW2', 'COMPUTE_IMAGE_TYPE_RAW', 'COMPUTE_IMAGE_TYPE_VDI',
  'COMPUTE_IMAGE_TYPE_VHD', 'COMPUTE_IMAGE_TYPE_VHDX', 'COMPUTE_IMAGE_TYPE_VMDK',
  'COMPUTE_NET_ATTACH_INTERFACE', 'COMPUTE_VOLUME_ATTACH', 'COMPUTE_VOLUME_EXTEND', 'COMPUTE_DEVICE_TAGGING',
  'COMPUTE_TRUSTED_CERTS', 'COMPUTE_RESCUE_BFV', 'COMPUTE_ACCELERATORS',
  'HW_CPU_X86_AVX', 'HW_CPU_X86_AVX2', 'HW_CPU_X86_SSE', 'HW_CPU_X86_SSE2', 'HW_CPU_X86_SSE41', 'HW_CPU_X86_SSE42',
  'HW_CPU_X86_VMX', 'HW_CPU_X86_SVM', 'HW_ARCH_X86_64', 'HW_CPU_HYPERTHREADING',
] as const;

const STANDARD = new Set<string>(STANDARD_TRAITS);

export function isTrait(name: string): boolean {
  return STANDARD.has(name) || /^CUSTOM_[A-Z0-9_]+$/.test(name);
}

/** 400 naming the unknown traits, as placement answers. */
export function requireTraits(names: readonly string[]): void {
  const unknown = names.filter((n) => !isTrait(n));
  if (unknown.length) throw new PlacementError(400, `No such trait(s): ${unknown.join(', ')}.`);
}

export interface TraitQuery { required: string[]; forbidden: string[] }

/** `A,!B` (placement's `required` / `root_required` value). */
export function parseTraitQuery(param: string, text: string, forbiddenAllowed: boolean): TraitQuery {
  const out: TraitQuery = { required: [], forbidden: [] };
  for (const raw of text.split(',')) {
    const t = raw.trim();
    if (!t) throw new PlacementError(400, `Invalid query string parameters: Expected '${param}' parameter value of the form: HW_CPU_X86_VMX,CUSTOM_MAGIC. Got: ${text}`);
    if (t.startsWith('!') && forbiddenAllowed) out.forbidden.push(t.slice(1));
    else out.required.push(t);
  }
  requireTraits([...out.required, ...out.forbidden]);
  return out;
}
