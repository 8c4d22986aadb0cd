// The boot stages of DESIGN.md, in pipeline order. Everything else refers to these names.
export const STAGE_NAMES = [
  'api.accepted',
  'conductor.build_request',
  'scheduler.select_destinations',
  'placement.claim',
  'conductor.cast_to_compute',
  'compute.claim',
  'compute.network',
  'compute.image',
  'compute.spawn',
  'instance.active',
] as const;
export type StageName = (typeof STAGE_NAMES)[number];
