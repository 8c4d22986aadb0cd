// The harness compute's diagnostics answers: the libvirt driver's figures (stack/compute/guest-stats)
// for an m1.tiny guest with one NIC that started a minute ago, and the compute's
// InstanceInvalidState for any power state but running (1).
import { diagnosticsBlob, instanceDiagnostics } from '../../../stack/compute/guest-stats.js';
import type { Guest } from '../../../stack/compute/fake-driver.js';
import { NovaError } from '../../../stack/compute/nova-errors.js';

const guest = (uuid: string): Guest => ({
  uuid, name: uuid.slice(0, 8), powerState: 1, consoleLog: [], startedAt: Date.now() - 60_000,
  flavor: { id: '1', name: 'm1.tiny', memory_mb: 512, vcpus: 1, root_gb: 1, ephemeral_gb: 0, swap: 0, extra_specs: {} },
});
const NICS = [{ mac: 'fa:16:3e:00:00:01', dev: 'tap0a1b2c3d-4e' }];

function running(a: Record<string, unknown>): string {
  if (a.power_state === 1) return String(a.uuid);
  const message = `Instance ${String(a.uuid)} in power state shutdown. Cannot get_diagnostics while the instance is in this state.`;
  throw new NovaError('nova.exception.InstanceInvalidState', message, ['Traceback (most recent call last):', `nova.exception.InstanceInvalidState: ${message}`]);
}

export const diagnosticsAnswers = {
  get_diagnostics: (a: Record<string, unknown>) => diagnosticsBlob(guest(running(a)), NICS),
  get_instance_diagnostics: (a: Record<string, unknown>) => instanceDiagnostics(guest(running(a)), NICS, (a.launched_at as string | null) ?? null, false),
};
