// The frames of the tracebacks the stack writes, per exception, as current Nova's call chain
// really has them (nova/ paths and line numbers from Nova's master branch; oslo.utils and
// oslo.concurrency from theirs; CPython 3.11). Each chain runs from the frame that caught the
// exception (where Nova logs it) to the frame that raised it. A chained exception ("During
// handling of the above exception…") has the chain of the exception being handled as context.

export interface Frame { file: string; line: number; func: string; code: string }

/** A traceback: the exception being handled when it was raised (if any), then its own frames. */
export interface FrameChain { context?: Frame[]; frames: Frame[] }

const PY = '/usr/lib/python3/dist-packages';
export const NOVA = `${PY}/nova`;

const nova = (file: string, line: number, func: string, code: string): Frame => ({ file: `${NOVA}/${file}`, line, func, code });
const lib = (file: string, line: number, func: string, code: string): Frame => ({ file: file.startsWith('/') ? file : `${PY}/${file}`, line, func, code });

// excutils.save_and_reraise_exception: the `with` line, then these two, then the saved traceback.
const RERAISE: Frame[] = [
  lib('oslo_utils/excutils.py', 260, '__exit__', 'self.force_reraise()'),
  lib('oslo_utils/excutils.py', 226, 'force_reraise', 'raise self.value'),
];

/** _build_and_run_instance's `with self._build_resources(...)`: "Instance failed to spawn" is logged in _build_resources. */
const BUILD: Frame[] = [
  nova('compute/manager.py', 2942, '_build_resources', 'yield resources'),
  nova('compute/manager.py', 2687, '_build_and_run_instance', 'self.driver.spawn(context, instance, image_meta,'),
];

/** libvirt refuses to start the domain: guest.launch → createWithFlags (_create_guest_with_network and launch log and re-raise). */
const LIBVIRT_LAUNCH: FrameChain = {
  frames: [
    ...BUILD,
    nova('virt/libvirt/driver.py', 4993, 'spawn', 'self._create_guest_with_network('),
    nova('virt/libvirt/driver.py', 8527, '_create_guest_with_network', 'with excutils.save_and_reraise_exception():'),
    ...RERAISE,
    nova('virt/libvirt/driver.py', 8504, '_create_guest_with_network', 'guest = self._create_guest('),
    nova('virt/libvirt/driver.py', 8443, '_create_guest', 'guest.launch(pause=pause)'),
    nova('virt/libvirt/guest.py', 161, 'launch', 'with excutils.save_and_reraise_exception():'),
    ...RERAISE,
    nova('virt/libvirt/guest.py', 159, 'launch', 'return self._domain.createWithFlags(flags)'),
    lib('eventlet/tpool.py', 190, 'doit', 'result = proxy_call(self._autowrap, f, *args, **kwargs)'),
    lib('libvirt.py', 1409, 'createWithFlags', "raise libvirtError('virDomainCreateWithFlags() failed')"),
  ],
};

/** network-vif-plugged never came: InstanceEventTimeout, turned into VirtualInterfaceCreateException ([DEFAULT]vif_plugging_is_fatal). */
const VIF_PLUG_TIMEOUT: FrameChain = {
  context: [
    nova('virt/libvirt/driver.py', 8496, '_create_guest_with_network', 'with self.virtapi.wait_for_instance_event('),
    lib('/usr/lib/python3.11/contextlib.py', 144, '__exit__', 'next(self.gen)'),
    nova('compute/manager.py', 584, 'wait_for_instance_event', 'self._wait_for_instance_events('),
    nova('compute/manager.py', 497, '_wait_for_instance_events', 'actual_event = event.wait(timeout=remaining_time)'),
    nova('compute/manager.py', 463, 'wait', 'raise exception.InstanceEventTimeout()'),
  ],
  frames: [
    ...BUILD,
    nova('virt/libvirt/driver.py', 4993, 'spawn', 'self._create_guest_with_network('),
    nova('virt/libvirt/driver.py', 8523, '_create_guest_with_network', 'raise exception.VirtualInterfaceCreateException()'),
  ],
};

/** spawn → _create_image → the root disk's image cache (Qcow2) → fetch from glance under the image's lock. */
const IMAGE_CACHE: Frame[] = [
  ...BUILD,
  nova('virt/libvirt/driver.py', 4966, 'spawn', 'created_instance_dir, created_disks = self._create_image('),
  nova('virt/libvirt/driver.py', 5400, '_create_image', 'created_disks = self._create_and_inject_local_root('),
  nova('virt/libvirt/driver.py', 5539, '_create_and_inject_local_root', 'self._try_fetch_image_cache(backend, fetch_func, context,'),
  nova('virt/libvirt/driver.py', 12172, '_try_fetch_image_cache', 'image.cache(fetch_func=fetch_func,'),
  nova('virt/libvirt/imagebackend.py', 304, 'cache', 'self.create_image('),
];

const IMAGE_FETCH: Frame[] = [
  ...IMAGE_CACHE,
  nova('virt/libvirt/imagebackend.py', 682, 'create_image', 'prepare_template(target=base, *args, **kwargs)'),
  lib('oslo_concurrency/lockutils.py', 533, 'inner', 'return f(*args, **kwargs)'),
  nova('virt/libvirt/imagebackend.py', 301, 'fetch_func_sync', 'fetch_func(target=target, *args, **kwargs)'),
  nova('virt/libvirt/utils.py', 500, 'fetch_image', 'images.fetch_to_raw(context, image_id, target, trusted_certs)'),
  nova('virt/images.py', 228, 'fetch_to_raw', 'fetch(context, image_href, path_tmp, trusted_certs)'),
  nova('virt/images.py', 109, 'fetch', 'IMAGE_API.download(context, image_href, dest_path=path,'),
  nova('image/glance.py', 1236, 'download', 'return session.download(context, image_id, data=data,'),
];

/** GlanceImageServiceV2.download asks glanceclient for the data; glanceclient raises from the HTTP response. */
const GLANCE_CALL: Frame[] = [
  nova('image/glance.py', 375, 'download', 'image_chunks = self._client.call('),
  nova('image/glance.py', 175, 'call', 'result = getattr(controller, method)(*args, **kwargs)'),
  lib('glanceclient/common/utils.py', 670, 'inner', 'return RequestIdProxy(wrapped(*args, **kwargs))'),
  lib('glanceclient/v2/images.py', 280, 'data', 'resp, body = self.http_client.get(url)'),
  lib('glanceclient/common/http.py', 395, 'get', "return self.request(url, 'GET', **kwargs)"),
  lib('glanceclient/common/http.py', 380, 'request', 'return self._handle_response(resp)'),
  lib('glanceclient/common/http.py', 120, '_handle_response', 'raise exc.from_response(resp, resp.content)'),
];

/** download's `except Exception: _reraise_translated_image_exception(image_id)`, with the original traceback. */
const GLANCE_TRANSLATED: Frame[] = [
  nova('image/glance.py', 378, 'download', '_reraise_translated_image_exception(image_id)'),
  nova('image/glance.py', 983, '_reraise_translated_image_exception', 'raise new_exc.with_traceback(exc_trace)'),
  ...GLANCE_CALL,
];

/** Writing the downloaded chunks into _base fails (disk full): _verify_and_write logs and re-raises. */
const IMAGE_WRITE: FrameChain = {
  frames: [
    ...IMAGE_FETCH,
    nova('image/glance.py', 386, 'download', 'return self._verify_and_write(context, image_id, verifier,'),
    nova('image/glance.py', 442, '_verify_and_write', 'with excutils.save_and_reraise_exception():'),
    ...RERAISE,
    nova('image/glance.py', 429, '_verify_and_write', 'data.write(chunk)'),
  ],
};

/** glanceclient's error passed on by _reraise_translated_image_exception (untranslated classes keep their own). */
const IMAGE_DOWNLOAD: FrameChain = { frames: [...IMAGE_FETCH, ...GLANCE_TRANSLATED] };

/**
 * download asks for a verifier before any data when the instance has trusted certificates:
 * cursive's get_verifier fails, _get_verifier logs and re-raises it.
 */
const IMAGE_SIGNATURE: FrameChain = {
  frames: [
    ...IMAGE_FETCH,
    nova('image/glance.py', 364, 'download', 'verifier = self._get_verifier(context, image_id, trusted_certs)'),
    nova('image/glance.py', 497, '_get_verifier', 'with excutils.save_and_reraise_exception():'),
    ...RERAISE,
    nova('image/glance.py', 489, '_get_verifier', 'verifier = signature_utils.get_verifier('),
    lib('cursive/signature_utils.py', 242, 'get_verifier', 'raise exception.SignatureVerificationError('),
  ],
};

/** HTTPUnauthorized/HTTPForbidden translated to ImageNotAuthorized inside the handler: chained. */
const IMAGE_NOT_AUTHORIZED: FrameChain = { context: GLANCE_CALL, frames: [...IMAGE_FETCH, ...GLANCE_TRANSLATED] };

/** Qcow2.create_image checks the cached base image against the flavor's root disk. */
const IMAGE_TOO_BIG: FrameChain = {
  frames: [
    ...IMAGE_CACHE,
    nova('virt/libvirt/imagebackend.py', 705, 'create_image', 'self.verify_base_size(base, size)'),
    nova('virt/libvirt/imagebackend.py', 361, 'verify_base_size', 'raise exception.FlavorDiskSmallerThanImage('),
  ],
};

/** _allocate_network_async (logged there: "Instance failed network setup") → neutron API allocate_for_instance. */
const ALLOCATE = nova('compute/manager.py', 1993, '_allocate_network_async', 'nwinfo = self.network_api.allocate_for_instance(');

/** _create_ports_for_instance → _create_port_minimal (re-raised with save_and_reraise_exception). */
const CREATE_PORT: Frame[] = [
  ALLOCATE,
  nova('network/neutron.py', 1250, 'allocate_for_instance', 'requests_and_created_ports = self._create_ports_for_instance('),
  nova('network/neutron.py', 1059, '_create_ports_for_instance', 'with excutils.save_and_reraise_exception():'),
  ...RERAISE,
  nova('network/neutron.py', 1049, '_create_ports_for_instance', 'created_port = self._create_port_minimal('),
];

/** port_client.create_port through Nova's ClientWrapper into neutronclient. */
const NEUTRON_CREATE_PORT: Frame[] = [
  nova('network/neutron.py', 504, '_create_port_minimal', 'port_response = port_client.create_port(port_req_body)'),
  nova('network/neutron.py', 188, 'wrapper', 'ret = obj(*args, **kwargs)'),
];

/** neutron answers 409 IpAddressGenerationFailure: _create_port_minimal raises NoMoreFixedIps in its handler. */
const NO_MORE_FIXED_IPS: FrameChain = {
  context: [
    ...NEUTRON_CREATE_PORT,
    lib('neutronclient/v2_0/client.py', 282, '_handle_fault_response', 'exception_handler_v20(status_code, error_body)'),
    lib('neutronclient/v2_0/client.py', 90, 'exception_handler_v20', 'raise client_exc(message=error_message,'),
  ],
  frames: [...CREATE_PORT, nova('network/neutron.py', 557, '_create_port_minimal', 'raise exception.NoMoreFixedIps(net=network_id)')],
};

/** neutron unreachable: NeutronClientException logged ("Neutron error creating port") and re-raised. */
const NEUTRON_CONNECTION_FAILED: FrameChain = {
  frames: [
    ...CREATE_PORT,
    nova('network/neutron.py', 559, '_create_port_minimal', 'with excutils.save_and_reraise_exception():'),
    ...RERAISE,
    ...NEUTRON_CREATE_PORT,
    lib('neutronclient/v2_0/client.py', 251, 'do_request', 'resp, replybody = self.httpclient.do_request(action, method, body=body,'),
    lib('neutronclient/client.py', 295, 'request', 'raise exceptions.ConnectionFailed(reason=e)'),
  ],
};

/** The port update that binds the port to the host comes back with binding:vif_type binding_failed. */
const PORT_BINDING_FAILED: FrameChain = {
  frames: [
    ALLOCATE,
    nova('network/neutron.py', 1259, 'allocate_for_instance', 'created_port_ids = self._update_ports_for_instance('),
    nova('network/neutron.py', 1396, '_update_ports_for_instance', 'with excutils.save_and_reraise_exception():'),
    ...RERAISE,
    nova('network/neutron.py', 1371, '_update_ports_for_instance', 'updated_port = self._update_port('),
    nova('network/neutron.py', 568, '_update_port', '_ensure_no_port_binding_failure(port)'),
    nova('network/neutron.py', 277, '_ensure_no_port_binding_failure', "raise exception.PortBindingFailed(port_id=port['id'])"),
  ],
};

/** The conductor's select_destinations call (the RPC call raises what the scheduler raised). */
const CONDUCTOR_SCHEDULE: Frame[] = [
  nova('conductor/manager.py', 1666, 'schedule_and_build_instances', 'host_lists = self._schedule_instances(context, request_specs[0],'),
  nova('conductor/manager.py', 954, '_schedule_instances', 'host_lists = self.query_client.select_destinations('),
  nova('scheduler/client/query.py', 41, 'select_destinations', 'return self.scheduler_rpcapi.select_destinations(context, spec_obj,'),
  nova('scheduler/rpcapi.py', 160, 'select_destinations', "return cctxt.call(ctxt, 'select_destinations', **msg_args)"),
];

/** The scheduler's side of a NoValidHost (placement returned no candidates), sent back in the remote traceback. */
const SCHEDULER_NO_VALID_HOST: Frame[] = [
  lib('oslo_messaging/rpc/server.py', 174, '_process_incoming', 'res = self.dispatcher.dispatch(message)'),
  nova('scheduler/manager.py', 265, 'select_destinations', 'raise exception.NoValidHost(reason="")'),
];

/** _prep_block_device → attach_block_devices → the driver BDM's attach, which creates the volume and waits for it. */
const volumeNotCreated = (attachLine: number): FrameChain => ({
  frames: [
    nova('compute/manager.py', 2203, '_prep_block_device', 'driver_block_device.attach_block_devices('),
    nova('virt/block_device.py', 971, 'attach_block_devices', '_log_and_attach(device)'),
    nova('virt/block_device.py', 968, '_log_and_attach', 'bdm.attach(*attach_args, **attach_kwargs)'),
    nova('virt/block_device.py', attachLine, 'attach', 'self.volume_id, self.attachment_id = self._create_volume('),
    nova('virt/block_device.py', 470, '_create_volume', "self._call_wait_func(context, wait_func, volume_api, vol['id'])"),
    nova('virt/block_device.py', 820, '_call_wait_func', 'with excutils.save_and_reraise_exception():'),
    ...RERAISE,
    nova('virt/block_device.py', 818, '_call_wait_func', 'wait_func(context, volume_id)'),
    nova('compute/manager.py', 1825, '_await_block_device_map_created', 'raise exception.VolumeNotCreated(volume_id=vol_id,'),
  ],
});

export const TRACEBACK_FRAMES = {
  libvirtLaunch: LIBVIRT_LAUNCH,
  vifPlugTimeout: VIF_PLUG_TIMEOUT,
  imageWrite: IMAGE_WRITE,
  imageDownload: IMAGE_DOWNLOAD,
  imageNotAuthorized: IMAGE_NOT_AUTHORIZED,
  imageSignature: IMAGE_SIGNATURE,
  imageTooBig: IMAGE_TOO_BIG,
  noMoreFixedIps: NO_MORE_FIXED_IPS,
  neutronConnectionFailed: NEUTRON_CONNECTION_FAILED,
  portBindingFailed: PORT_BINDING_FAILED,
  volumeFromImageNotCreated: volumeNotCreated(866),
  blankVolumeNotCreated: volumeNotCreated(883),
  conductorSchedule: { frames: CONDUCTOR_SCHEDULE } as FrameChain,
  conductorNoValidHost: { frames: [...CONDUCTOR_SCHEDULE, ...SCHEDULER_NO_VALID_HOST] } as FrameChain,
} satisfies Record<string, FrameChain>;

export type TracebackName = keyof typeof TRACEBACK_FRAMES;

/** The two lines oslo.log prints for a frame. */
export function frameLines(f: Frame): string[] {
  return [`  File "${f.file}", line ${f.line}, in ${f.func}`, `    ${f.code}`];
}

/**
 * A traceback's lines: with a context, its frames and exception line first, then Python's
 * "During handling of the above exception…" and the exception's own frames; ends with `excLine`.
 */
export function tracebackOf(chain: FrameChain, excLine: string, contextLine?: string): string[] {
  const head = 'Traceback (most recent call last):';
  const ctx = chain.context && contextLine !== undefined
    ? [head, ...chain.context.flatMap(frameLines), contextLine, '', 'During handling of the above exception, another exception occurred:', '']
    : [];
  return [...ctx, head, ...chain.frames.flatMap(frameLines), excLine];
}
