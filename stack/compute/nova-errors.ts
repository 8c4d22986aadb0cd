// Errors raised during a build, each with the exception class and traceback Nova prints for
// it, so that the logs of a failed boot read like a real deployment's (the tracer's failure
// signatures are written against those). One factory per way a build fails here.

export class NovaError extends Error {
  constructor(readonly excClass: string, message: string, readonly traceback: string[]) {
    super(message);
    this.name = excClass;
  }
}

const NOVA = '/usr/lib/python3/dist-packages/nova';

function build(excClass: string, message: string, frames: [string, number, string, string][]): NovaError {
  const tb = ['Traceback (most recent call last):'];
  for (const [file, line, func, code] of frames) tb.push(`  File "${file}", line ${line}, in ${func}`, `    ${code}`);
  tb.push(`${excClass}: ${message}`);
  return new NovaError(excClass, message, tb);
}

const SPAWN_FRAMES: [string, number, string, string][] = [
  [`${NOVA}/compute/manager.py`, 2743, '_build_resources', 'yield resources'],
  [`${NOVA}/compute/manager.py`, 2503, '_build_and_run_instance', 'self.driver.spawn(context, instance, image_meta,'],
  [`${NOVA}/virt/libvirt/driver.py`, 4401, 'spawn', 'self._create_guest_with_network('],
  [`${NOVA}/virt/libvirt/driver.py`, 7578, '_create_guest_with_network', 'guest = self._create_guest('],
  [`${NOVA}/virt/libvirt/driver.py`, 7492, '_create_guest', 'guest.launch(pause=pause)'],
  [`${NOVA}/virt/libvirt/guest.py`, 165, 'launch', 'return self._domain.createWithFlags(flags)'],
  ['/usr/lib/python3/dist-packages/eventlet/tpool.py', 190, 'doit', 'result = proxy_call(self._autowrap, f, *args, **kwargs)'],
  ['/usr/lib/python3/dist-packages/libvirt.py', 1409, 'createWithFlags', "raise libvirtError('virDomainCreateWithFlags() failed')"],
];

export function kvmPermissionDenied(): NovaError {
  return build('libvirt.libvirtError', 'internal error: process exited while connecting to monitor: Could not access KVM kernel module: Permission denied', SPAWN_FRAMES);
}

const IMAGE_FRAMES: [string, number, string, string][] = [
  [`${NOVA}/compute/manager.py`, 2503, '_build_and_run_instance', 'self.driver.spawn(context, instance, image_meta,'],
  [`${NOVA}/virt/libvirt/driver.py`, 4376, 'spawn', 'created_instance_dir, created_disks = self._create_image('],
  [`${NOVA}/virt/libvirt/driver.py`, 4742, '_create_image', 'created_disks = self._create_and_inject_local_root('],
  [`${NOVA}/virt/libvirt/imagebackend.py`, 273, 'cache', 'self.create_image(fetch_func_sync, base, size,'],
  [`${NOVA}/virt/images.py`, 156, 'fetch_to_raw', 'fetch(context, image_href, path_tmp)'],
];

export function noSpaceLeft(file: string): NovaError {
  return build('OSError', `[Errno 28] No space left on device: '${file}'`, [
    ...IMAGE_FRAMES, [`${NOVA}/image/glance.py`, 382, 'download', 'data.write(chunk)'],
  ]);
}

export function glanceUnavailable(imageId: string): NovaError {
  return build('glanceclient.exc.HTTPServiceUnavailable', `HTTP 503 Service Unavailable: The server is currently unavailable. Please try again at a later time. (image ${imageId})`, [
    ...IMAGE_FRAMES, [`${NOVA}/image/glance.py`, 373, 'download', 'image_chunks = self._client.call(context, 2, \'data\', args=(image_id,))'],
  ]);
}

export function vifCreationFailed(): NovaError {
  return build('nova.exception.VirtualInterfaceCreateException', 'Virtual Interface creation failed', [
    ...SPAWN_FRAMES.slice(0, 4),
    [`${NOVA}/virt/libvirt/driver.py`, 7598, '_create_guest_with_network', 'raise exception.VirtualInterfaceCreateException()'],
  ]);
}

export function portBindingFailed(portId: string): NovaError {
  return build('nova.exception.PortBindingFailed', `Binding failed for port ${portId}, please check neutron logs for more information.`, [
    [`${NOVA}/compute/manager.py`, 2128, '_allocate_network_async', 'nwinfo = self.network_api.allocate_for_instance('],
    [`${NOVA}/network/neutron.py`, 1231, 'allocate_for_instance', 'created_port_ids = self._update_ports_for_instance('],
    [`${NOVA}/network/neutron.py`, 1367, '_update_ports_for_instance', 'vif.destroy()'],
    [`${NOVA}/network/neutron.py`, 303, '_ensure_no_port_binding_failure', 'raise exception.PortBindingFailed(port_id=port[\'id\'])'],
  ]);
}
