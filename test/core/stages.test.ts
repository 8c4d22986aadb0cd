// The stage table on Nova's own compute messages: the allocation greenthread's failure belongs
// to the network stage even when it is logged while the image is being created.
import { describe, expect, it } from 'vitest';
import { stageOf } from '../../core/stages.js';

describe('stageOf', () => {
  it.each([
    // nova.compute.manager._allocate_network_async (LOG.exception, no instance prefix)
    ['Instance failed network setup after 1 attempt(s): nova.exception.ExternalNetworkAttachForbidden: It is not allowed to create an interface on external network e9b3f5a1-2c7d-4e60-8f14-6a0d2b8c4e97', 'compute.network'],
    ['Instance failed network setup (attempt 1 of 3)', 'compute.network'],
    ['Failed to allocate network(s): nova.exception.ExternalNetworkAttachForbidden: It is not allowed', 'compute.network'],
    ['Creating image', 'compute.image'],
    ['Instance failed to spawn: nova.exception.ExternalNetworkAttachForbidden: It is not allowed', 'compute.spawn'],
  ])('%s → %s', (message, stage) => {
    expect(stageOf('compute', 'nova.compute.manager', message)).toBe(stage);
  });

  it('leaves a generic compute line to the sticky stage', () => {
    expect(stageOf('compute', 'nova.compute.manager', 'Terminating instance')).toBeNull();
  });
});
