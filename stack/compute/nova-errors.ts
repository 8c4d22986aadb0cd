// Errors raised during a build, each with the exception class and traceback Nova prints for
// it, so that the logs of a failed boot read like a real deployment's (the tracer's failure
// signatures are written against those). One factory per way a build fails here.

/**
 * How compute's _build_and_run_instance treats an error it catches: most reschedule; some
 * abort the build (BuildAbortException with this reason), after an optional warning.
 */
export interface BuildAbort { reason: string; warning?: string }

export class NovaError extends Error {
  abort?: BuildAbort;
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

/** libvirt's VIR_ERR_CPU_INCOMPATIBLE: the guest's CPU model or features are not on this host. */
export function cpuIncompatible(feature: string): NovaError {
  return build('libvirt.libvirtError', `the CPU is incompatible with host CPU: Host CPU does not provide required features: ${feature}`, SPAWN_FRAMES);
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

const ALLOCATE_FRAMES: [string, number, string, string][] = [
  [`${NOVA}/compute/manager.py`, 1996, '_allocate_network_async', 'nwinfo = self.network_api.allocate_for_instance('],
  [`${NOVA}/network/neutron.py`, 1219, 'allocate_for_instance', 'created_port_ids = self._update_ports_for_instance('],
  [`${NOVA}/network/neutron.py`, 1334, '_update_ports_for_instance', 'port = self._create_port_minimal('],
];

/** neutron answered 409 IpAddressGenerationFailure: _create_port_minimal raises NoMoreFixedIps. */
export function noMoreFixedIps(networkId: string, neutronMessage: string): NovaError {
  const e = build('nova.exception.NoMoreFixedIps', `No fixed IP addresses available for network: ${networkId}`, [
    ...ALLOCATE_FRAMES,
    [`${NOVA}/network/neutron.py`, 512, '_create_port_minimal', 'port_response = port_client.create_port(port_req_body)'],
    ['/usr/lib/python3/dist-packages/neutronclient/v2_0/client.py', 282, '_handle_fault_response', 'exception_handler_v20(status_code, error_body)'],
    ['/usr/lib/python3/dist-packages/neutronclient/v2_0/client.py', 90, 'exception_handler_v20', 'raise client_exc(message=error_message,'],
  ]);
  // The chained exception Python prints first, as in a real traceback.
  e.traceback.splice(e.traceback.length - 1, 0, `neutronclient.common.exceptions.IpAddressGenerationFailureClient: ${neutronMessage}`, '',
    'During handling of the above exception, another exception occurred:', '', 'Traceback (most recent call last):',
    `  File "${NOVA}/network/neutron.py", line 556, in _create_port_minimal`, '    raise exception.NoMoreFixedIps(net=network_id)');
  e.abort = { warning: 'No more fixed IP to be allocated', reason: `Failed to allocate the network(s) with error ${e.message}, not rescheduling.` };
  return e;
}

/** keystoneauth could not reach neutron; neutronclient raises ConnectionFailed. */
export function neutronConnectionFailed(url: string, why: string): NovaError {
  return build('neutronclient.common.exceptions.ConnectionFailed', `Connection to neutron failed: Unable to establish connection to ${url}: ${why}`, [
    ...ALLOCATE_FRAMES,
    [`${NOVA}/network/neutron.py`, 512, '_create_port_minimal', 'port_response = port_client.create_port(port_req_body)'],
    ['/usr/lib/python3/dist-packages/neutronclient/v2_0/client.py', 251, 'do_request', 'resp, replybody = self.httpclient.do_request(action, method, body=body,'],
    ['/usr/lib/python3/dist-packages/neutronclient/client.py', 295, 'request', 'raise exceptions.ConnectionFailed(reason=e)'],
  ]);
}

/** imagebackend's verify_base_size: the cached image's virtual disk is larger than the flavor's root disk. */
export function flavorDiskSmallerThanImage(flavorBytes: number, imageBytes: number): NovaError {
  const e = build('nova.exception.FlavorDiskSmallerThanImage', `Flavor's disk is too small for requested image. Flavor disk is ${flavorBytes} bytes, image is ${imageBytes} bytes.`, [
    ...IMAGE_FRAMES.slice(0, 4),
    [`${NOVA}/virt/libvirt/imagebackend.py`, 290, 'cache', 'self.verify_base_size(base, size)'],
    [`${NOVA}/virt/libvirt/imagebackend.py`, 361, 'verify_base_size', 'raise exception.FlavorDiskSmallerThanImage('],
  ]);
  e.abort = { reason: e.message };
  return e;
}
