// Long texts real Nova writes: DEBUG source suffixes, guest XML, network_info JSON, host state
// reprs and traceback bodies. Kept apart so the scenario files read as the sequence of events.

import type { Host, Inst } from './world.js';

const NOVA = '/usr/lib/python3/dist-packages/nova';
const PY = '/usr/lib/python3/dist-packages';

/** ` <funcName> <path>:<lineno>` suffixes of DEBUG lines. */
export const SFX = {
  processStack: ` _process_stack ${NOVA}/api/openstack/wsgi.py:604`,
  provision: ` _provision_instances ${NOVA}/compute/api.py:1017`,
  condSchedule: ` schedule_and_build_instances ${NOVA}/conductor/manager.py:1262`,
  condCast: ` schedule_and_build_instances ${NOVA}/conductor/manager.py:1414`,
  condRebuildCast: ` build_instances ${NOVA}/conductor/manager.py:703`,
  amqpSend: ` _send ${PY}/oslo_messaging/_drivers/amqpdriver.py:568`,
  amqpReply: ` __call__ ${PY}/oslo_messaging/_drivers/amqpdriver.py:409`,
  amqpCast: ` _send ${PY}/oslo_messaging/_drivers/amqpdriver.py:556`,
  lockInner: ` inner ${PY}/oslo_concurrency/lockutils.py:273`,
  lockInnerRel: ` inner ${PY}/oslo_concurrency/lockutils.py:285`,
  selectDest: ` select_destinations ${NOVA}/scheduler/manager.py:117`,
  hostUpdate: ` _locked_update ${NOVA}/scheduler/host_manager.py:171`,
  hostUpdateAgg: ` _locked_update ${NOVA}/scheduler/host_manager.py:174`,
  hostUpdateSvc: ` _locked_update ${NOVA}/scheduler/host_manager.py:177`,
  filtered: ` get_filtered_objects ${NOVA}/filters.py:104`,
  hostPasses: ` host_passes ${NOVA}/scheduler/filters/`,
  sorted: ` _get_sorted_hosts ${NOVA}/scheduler/filter_scheduler.py:435`,
  claimRes: ` _claim_resources ${NOVA}/scheduler/filter_scheduler.py:293`,
  consume: ` _consume_selected_host ${NOVA}/scheduler/filter_scheduler.py:367`,
  ensureHosts: ` _ensure_sufficient_hosts ${NOVA}/scheduler/filter_scheduler.py:238`,
  buildRes: ` _build_resources ${NOVA}/compute/manager.py:2551`,
  buildBdm: ` _build_resources ${NOVA}/compute/manager.py:2586`,
  allocate: ` allocate_for_instance ${NOVA}/network/neutron.py:1062`,
  createPort: ` _create_port_minimal ${NOVA}/network/neutron.py:567`,
  updatePort: ` _update_port ${NOVA}/network/neutron.py:606`,
  netInfo: ` _allocate_network_async ${NOVA}/compute/manager.py:1968`,
  consoleLog: ` _ensure_console_log_for_instance ${NOVA}/virt/libvirt/driver.py:3612`,
  startXml: ` _get_guest_xml ${NOVA}/virt/libvirt/driver.py:6493`,
  endXml: ` _get_guest_xml ${NOVA}/virt/libvirt/driver.py:6522`,
  prepareEvent: ` prepare_for_instance_event ${NOVA}/compute/manager.py:281`,
  execute: ` execute ${PY}/oslo_concurrency/processutils.py:384`,
  executeRet: ` execute ${PY}/oslo_concurrency/processutils.py:422`,
  fetchToRaw: ` fetch_to_raw ${NOVA}/virt/images.py:152`,
  extEvent: ` external_instance_event ${NOVA}/compute/manager.py:10389`,
  processEvent: ` _process_instance_event ${NOVA}/compute/manager.py:10312`,
  abortClaim: ` abort ${NOVA}/compute/claims.py:85`,
  rescheduled: ` _do_build_and_run_instance ${NOVA}/compute/manager.py:2260`,
  noRetry: ` _do_build_and_run_instance ${NOVA}/compute/manager.py:2236`,
  dealloc: ` _deallocate_network ${NOVA}/compute/manager.py:2011`,
  deallocFor: ` deallocate_for_instance ${NOVA}/network/neutron.py:1711`,
  periodic: ` run_periodic_tasks ${PY}/oslo_service/periodic_task.py:215`,
  heal: ` _heal_instance_info_cache ${NOVA}/compute/manager.py:9380`,
  reclaim: ` _reclaim_queued_deletes ${NOVA}/compute/manager.py:9976`,
  hvView: ` _report_hypervisor_resource_view ${NOVA}/compute/resource_tracker.py:1046`,
  managed: ` _remove_deleted_instances_allocations ${NOVA}/compute/resource_tracker.py:1603`,
  finalView: ` _report_final_resource_view ${NOVA}/compute/resource_tracker.py:1108`,
  syncPower: ` _sync_power_states ${NOVA}/compute/manager.py:9663`,
  syncInfo: ` sync_instance_info ${NOVA}/scheduler/host_manager.py:968`,
  retryFilter: ` host_passes ${NOVA}/scheduler/filters/retry_filter.py:41`,
  azFilter: ` host_passes ${NOVA}/scheduler/filters/availability_zone_filter.py:61`,
  computeFilter: ` host_passes ${NOVA}/scheduler/filters/compute_filter.py:44`,
  ramFilter: ` host_passes ${NOVA}/scheduler/filters/ram_filter.py:61`,
  calling: ` _process_stack ${NOVA}/api/openstack/wsgi.py:511`,
} as const;

export const CTRL_OBJ = '<nova.api.openstack.compute.servers.ServersController object at 0x7f3a5c2e1d50>';

export function createBody(inst: Inst, az: string | null): string {
  const azPart = az === null ? '' : `, "availability_zone": "${az}"`;
  return `{"server": {"name": "${inst.name}", "imageRef": "${inst.image.id}", "flavorRef": "${inst.flavor.id}", "max_count": 1, "min_count": 1, "networks": [{"uuid": "${inst.net.id}"}]${azPart}}}`;
}

export function networkInfo(inst: Inst): string {
  return `[{"id": "${inst.port}", "address": "${inst.mac}", "network": {"id": "${inst.net.id}", "bridge": "br-int", "label": "${inst.net.name}", "subnets": [{"cidr": "${inst.net.cidr}", "dns": [], "gateway": {"address": "${inst.net.cidr.replace('.0/24', '.1')}", "type": "gateway", "version": 4, "meta": {}}, "ips": [{"address": "${inst.ip}", "type": "fixed", "version": 4, "meta": {}, "floating_ips": []}], "routes": [], "version": 4, "meta": {"enable_dhcp": true}}], "meta": {"injected": false, "tenant_id": "${inst.project}", "mtu": 1450, "physical_network": null, "tunneled": true}}, "type": "ovs", "details": {"connectivity": "l2", "port_filter": true, "ovs_hybrid_plug": false, "datapath_type": "system", "bridge_name": "br-int"}, "devname": "tap${inst.port.slice(0, 11)}", "ovs_interfaceid": "${inst.port}", "qbh_params": null, "qbg_params": null, "active": false, "vnic_type": "normal", "profile": {}, "preserve_on_delete": false, "delegate_create": true, "meta": {}}]`;
}

export function vifRepr(inst: Inst): string {
  return `VIFOpenVSwitch(active=False,address=${inst.mac},bridge_name='br-int',has_traffic_filtering=True,id=${inst.port},network=Network(${inst.net.id}),plugin='ovs',port_profile=VIFPortProfileOpenVSwitch,preserve_on_delete=False,vif_name='tap${inst.port.slice(0, 11)}')`;
}

/** The body of `End _get_guest_xml xml=<domain type="kvm">`: headerless lines, then the DEBUG suffix. */
export function guestXml(inst: Inst, host: Host, created: string): string[] {
  const f = inst.flavor;
  return [
    `  <uuid>${inst.uuid}</uuid>`,
    `  <name>instance-${inst.uuid.slice(0, 8)}</name>`,
    `  <memory>${f.ram * 1024}</memory>`,
    `  <vcpu>${f.vcpus}</vcpu>`,
    `  <metadata>`,
    `    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1">`,
    `      <nova:package version="27.1.0"/>`,
    `      <nova:name>${inst.name}</nova:name>`,
    `      <nova:creationTime>${created}</nova:creationTime>`,
    `      <nova:flavor name="${f.name}">`,
    `        <nova:memory>${f.ram}</nova:memory>`,
    `        <nova:disk>${f.disk}</nova:disk>`,
    `        <nova:swap>0</nova:swap>`,
    `        <nova:ephemeral>0</nova:ephemeral>`,
    `        <nova:vcpus>${f.vcpus}</nova:vcpus>`,
    `      </nova:flavor>`,
    `      <nova:owner>`,
    `        <nova:user uuid="${inst.user}">user-${inst.user.slice(0, 6)}</nova:user>`,
    `        <nova:project uuid="${inst.project}">project-${inst.project.slice(0, 6)}</nova:project>`,
    `      </nova:owner>`,
    `      <nova:root type="image" uuid="${inst.image.id}"/>`,
    `      <nova:ports>`,
    `        <nova:port uuid="${inst.port}">`,
    `          <nova:ip type="fixed" address="${inst.ip}" ipVersion="4"/>`,
    `        </nova:port>`,
    `      </nova:ports>`,
    `    </nova:instance>`,
    `  </metadata>`,
    `  <sysinfo type="smbios">`,
    `    <system>`,
    `      <entry name="manufacturer">OpenStack Foundation</entry>`,
    `      <entry name="product">OpenStack Nova</entry>`,
    `      <entry name="version">27.1.0</entry>`,
    `      <entry name="serial">${inst.uuid}</entry>`,
    `      <entry name="uuid">${inst.uuid}</entry>`,
    `      <entry name="family">Virtual Machine</entry>`,
    `    </system>`,
    `  </sysinfo>`,
    `  <os>`,
    `    <type machine="q35">hvm</type>`,
    `    <boot dev="hd"/>`,
    `    <smbios mode="sysinfo"/>`,
    `  </os>`,
    `  <features>`,
    `    <acpi/>`,
    `    <apic/>`,
    `  </features>`,
    `  <cputune>`,
    `    <shares>${f.vcpus * 1024}</shares>`,
    `  </cputune>`,
    `  <clock offset="utc">`,
    `    <timer name="pit" tickpolicy="delay"/>`,
    `    <timer name="rtc" tickpolicy="catchup"/>`,
    `    <timer name="hpet" present="no"/>`,
    `  </clock>`,
    `  <cpu mode="host-model" match="exact">`,
    `    <topology sockets="${f.vcpus}" cores="1" threads="1"/>`,
    `  </cpu>`,
    `  <devices>`,
    `    <disk type="file" device="disk">`,
    `      <driver name="qemu" type="qcow2" cache="none"/>`,
    `      <source file="/var/lib/nova/instances/${inst.uuid}/disk"/>`,
    `      <target dev="vda" bus="virtio"/>`,
    `    </disk>`,
    `    <interface type="bridge">`,
    `      <mac address="${inst.mac}"/>`,
    `      <model type="virtio"/>`,
    `      <driver name="vhost" rx_queue_size="512"/>`,
    `      <source bridge="br-int"/>`,
    `      <mtu size="1450"/>`,
    `      <target dev="tap${inst.port.slice(0, 11)}"/>`,
    `      <virtualport type="openvswitch">`,
    `        <parameters interfaceid="${inst.port}"/>`,
    `      </virtualport>`,
    `    </interface>`,
    `    <serial type="pty">`,
    `      <log file="/var/lib/nova/instances/${inst.uuid}/console.log" append="off"/>`,
    `    </serial>`,
    `    <graphics type="vnc" autoport="yes" listen="${host.ip}"/>`,
    `    <video>`,
    `      <model type="virtio"/>`,
    `    </video>`,
    `    <memballoon model="virtio">`,
    `      <stats period="10"/>`,
    `    </memballoon>`,
    `  </devices>`,
    `</domain>`,
    SFX.endXml,
  ];
}

export function startGuestXml(inst: Inst): string {
  return `Start _get_guest_xml network_info=[{"id": "${inst.port}", "address": "${inst.mac}", "network": {"id": "${inst.net.id}", "bridge": "br-int", "label": "${inst.net.name}"}, "type": "ovs", "devname": "tap${inst.port.slice(0, 11)}", "active": false, "vnic_type": "normal"}] disk_info={'disk_bus': 'virtio', 'cdrom_bus': 'sata', 'mapping': {'root': {'bus': 'virtio', 'dev': 'vda', 'type': 'disk', 'boot_index': '1'}, 'disk': {'bus': 'virtio', 'dev': 'vda', 'type': 'disk', 'boot_index': '1'}}} image_meta=ImageMeta(checksum='${inst.image.sha1.slice(0, 32)}',container_format='bare',disk_format='qcow2',id=${inst.image.id},min_disk=0,min_ram=0,name='${inst.image.name}',owner='${inst.project}',properties=ImageMetaProps,protected=<?>,size=${inst.image.gb * 1073741824},status='active',tags=<?>,virtual_size=<?>,visibility=<?>) rescue=None block_device_info={'root_device_name': '/dev/vda', 'image': [], 'ephemerals': [], 'block_device_mapping': [], 'swap': None}${SFX.startXml}`;
}

/** `Update host state from compute node: ComputeNode(...)` — long, as in real scheduler DEBUG logs. */
export function computeNodeRepr(h: Host, updatedAt: string): string {
  const n = h.instances.length;
  return `Update host state from compute node: ComputeNode(cpu_allocation_ratio=16.0,cpu_info='{"arch": "x86_64", "model": "Cascadelake-Server", "vendor": "Intel", "topology": {"cells": 2, "sockets": 2, "cores": 12, "threads": 2}, "features": ["pge", "avx", "xsave", "clflush", "sep", "rtm", "tsc-deadline", "invpcid", "avx512f", "avx512bw", "aes", "vmx", "pdpe1gb", "rdrand", "sse4.2", "erms", "smep", "bmi2", "lm"]}',created_at=2026-10-02T08:12:45Z,current_workload=${h.runs % 4},deleted=False,deleted_at=None,disk_allocation_ratio=1.0,disk_available_least=${h.diskGb - h.diskUsed - 40},free_disk_gb=${h.diskGb - h.diskUsed},free_ram_mb=${h.memMb - h.ramUsed},host='${h.name}',host_ip=${h.ip},hypervisor_hostname='${h.name}',hypervisor_type='QEMU',hypervisor_version=6002000,id=${h.serviceId},local_gb=${h.diskGb},local_gb_used=${h.diskUsed},mapped=1,memory_mb=${h.memMb},memory_mb_used=${h.ramUsed + 512},metrics='[]',numa_topology='{"nova_object.name": "NUMATopology", "nova_object.namespace": "nova", "nova_object.version": "1.2", "nova_object.data": {"cells": [...]}}',pci_device_pools=PciDevicePoolList,ram_allocation_ratio=1.5,running_vms=${n},service_id=None,stats={failed_builds='0',io_workload='${h.runs % 3}',num_instances='${n}',num_os_type_None='${n}',num_task_None='${n}',num_vm_active='${n}'},supported_hv_specs=[HVSpec,HVSpec,HVSpec],updated_at=${updatedAt},uuid=${h.rp},vcpus=${h.vcpus},vcpus_used=${h.vcpuUsed})${SFX.hostUpdate}`;
}

export function serviceDictRepr(h: Host, seenAt: string): string {
  return `Update host state with service dict: {'id': ${h.serviceId + 10}, 'uuid': '${h.rp.slice(0, 24)}${h.rp.slice(24).split('').reverse().join('')}', 'host': '${h.name}', 'binary': 'nova-compute', 'topic': 'compute', 'report_count': ${40000 + h.runs * 6}, 'disabled': ${h.disabledReason === null ? 'False' : 'True'}, 'disabled_reason': ${h.disabledReason === null ? 'None' : `'${h.disabledReason}'`}, 'last_seen_up': datetime.datetime(${seenAt}), 'forced_down': False, 'version': 61, 'created_at': datetime.datetime(2026, 10, 2, 8, 12, 40), 'updated_at': datetime.datetime(${seenAt}), 'deleted_at': None, 'deleted': False}${SFX.hostUpdateSvc}`;
}

export function hypervisorView(h: Host): string {
  return `Hypervisor/Node resource view: name=${h.name} free_ram=${h.memMb - h.ramUsed}MB free_disk=${h.diskGb - h.diskUsed}GB free_vcpus=${h.vcpus - (h.vcpuUsed % h.vcpus)} pci_devices=[{"dev_id": "pci_0000_00_00_0", "address": "0000:00:00.0", "product_id": "2020", "vendor_id": "8086", "numa_node": 0, "label": "label_8086_2020", "dev_type": "type-PCI"}, {"dev_id": "pci_0000_00_04_0", "address": "0000:00:04.0", "product_id": "2021", "vendor_id": "8086", "numa_node": 0, "label": "label_8086_2021", "dev_type": "type-PCI"}, {"dev_id": "pci_0000_3b_00_0", "address": "0000:3b:00.0", "product_id": "1592", "vendor_id": "8086", "numa_node": 0, "label": "label_8086_1592", "dev_type": "type-PF"}]${SFX.hvView}`;
}

const SPAWN_FRAMES = [
  [`${NOVA}/compute/manager.py`, 2743, '_build_resources', 'yield resources'],
  [`${NOVA}/compute/manager.py`, 2503, '_build_and_run_instance', 'self.driver.spawn(context, instance, image_meta,'],
  [`${NOVA}/virt/libvirt/driver.py`, 4390, 'spawn', 'self._create_guest_with_network('],
  [`${NOVA}/virt/libvirt/driver.py`, 7631, '_create_guest_with_network', 'with excutils.save_and_reraise_exception():'],
  [`${PY}/oslo_utils/excutils.py`, 227, '__exit__', 'self.force_reraise()'],
  [`${PY}/oslo_utils/excutils.py`, 200, 'force_reraise', 'raise self.value'],
  [`${NOVA}/virt/libvirt/driver.py`, 7609, '_create_guest_with_network', 'guest = self._create_guest('],
  [`${NOVA}/virt/libvirt/driver.py`, 7549, '_create_guest', 'guest.launch(pause=pause)'],
  [`${NOVA}/virt/libvirt/guest.py`, 167, 'launch', 'with excutils.save_and_reraise_exception():'],
  [`${PY}/oslo_utils/excutils.py`, 227, '__exit__', 'self.force_reraise()'],
  [`${PY}/oslo_utils/excutils.py`, 200, 'force_reraise', 'raise self.value'],
  [`${NOVA}/virt/libvirt/guest.py`, 165, 'launch', 'return self._domain.createWithFlags(flags)'],
  [`${PY}/eventlet/tpool.py`, 193, 'doit', 'result = proxy_call(self._autowrap, f, *args, **kwargs)'],
  [`${PY}/eventlet/tpool.py`, 151, 'proxy_call', 'rv = execute(f, *args, **kwargs)'],
  [`${PY}/eventlet/tpool.py`, 132, 'execute', 'raise e.with_traceback(tb)'],
  [`${PY}/eventlet/tpool.py`, 86, 'tworker', 'rv = meth(*args, **kwargs)'],
  [`${PY}/libvirt.py`, 1409, 'createWithFlags', "raise libvirtError('virDomainCreateWithFlags() failed')"],
] as const;

function frames(list: readonly (readonly [string, number, string, string])[]): string[] {
  const out: string[] = ['Traceback (most recent call last):'];
  for (const [file, line, fn, code] of list) {
    out.push(`  File "${file}", line ${line}, in ${fn}`);
    out.push(`    ${code}`);
  }
  return out;
}

/** Traceback of a libvirt spawn failure; the last line is `libvirt.libvirtError: <reason>`. */
export function spawnTraceback(reason: string): string[] {
  return [...frames(SPAWN_FRAMES), `libvirt.libvirtError: ${reason}`];
}

/** The conductor's one-line list form of the compute traceback (`Error from last host`). */
export function tracebackList(reason: string): string {
  const parts = ["'Traceback (most recent call last):\\n'"];
  for (const [file, line, fn, code] of SPAWN_FRAMES.slice(0, 4)) {
    parts.push(`'  File "${file}", line ${line}, in ${fn}\\n    ${code.replace(/'/g, '"')}\\n'`);
  }
  parts.push(`'libvirt.libvirtError: ${reason}\\n'`);
  return `[${parts.join(', ')}]`;
}

const VIF_FRAMES = [
  [`${NOVA}/virt/libvirt/driver.py`, 7604, '_create_guest_with_network', 'with self.virtapi.wait_for_instance_event('],
  ['/usr/lib/python3.11/contextlib.py', 144, '__exit__', 'next(self.gen)'],
  [`${NOVA}/compute/manager.py`, 538, 'wait_for_instance_event', 'actual_event = event.wait()'],
  [`${PY}/eventlet/event.py`, 125, 'wait', 'result = hub.switch()'],
  [`${PY}/eventlet/hubs/hub.py`, 313, 'switch', 'return self.greenlet.switch()'],
  ['', 0, '', ''],
  [`${NOVA}/compute/manager.py`, 2743, '_build_resources', 'yield resources'],
  [`${NOVA}/compute/manager.py`, 2503, '_build_and_run_instance', 'self.driver.spawn(context, instance, image_meta,'],
  [`${NOVA}/virt/libvirt/driver.py`, 4390, 'spawn', 'self._create_guest_with_network('],
  [`${NOVA}/virt/libvirt/driver.py`, 7630, '_create_guest_with_network', 'raise exception.VirtualInterfaceCreateException()'],
] as const;

export function vifTimeoutTraceback(): string[] {
  const first = frames(VIF_FRAMES.slice(0, 5));
  const second = frames(VIF_FRAMES.slice(6));
  return [
    ...first, 'eventlet.timeout.Timeout: 300 seconds', '',
    'During handling of the above exception, another exception occurred:', '',
    ...second, 'nova.exception.VirtualInterfaceCreateException: Virtual Interface creation failed',
  ];
}

const TIMEOUT_FRAMES = [
  [`${PY}/oslo_messaging/_drivers/amqpdriver.py`, 441, 'get', 'return self._queues[msg_id].get(block=True, timeout=timeout)'],
  [`${PY}/eventlet/queue.py`, 322, 'get', 'return waiter.wait()'],
  [`${PY}/eventlet/queue.py`, 141, 'wait', 'return get_hub().switch()'],
  [`${PY}/eventlet/hubs/hub.py`, 313, 'switch', 'return self.greenlet.switch()'],
] as const;

export function messagingTimeoutTraceback(apiSide: boolean, msgId: string): string[] {
  const head = apiSide
    ? [[`${NOVA}/api/openstack/wsgi.py`, 658, 'wrapped', 'return f(*args, **kwargs)'],
      [`${NOVA}/api/openstack/compute/hypervisors.py`, 158, 'detail', 'return self._get_hypervisors(req, detail=True, limit=limit, marker=marker)'],
      [`${NOVA}/compute/api.py`, 5612, 'get_host_uptime', 'return self.rpcapi.get_host_uptime(context, host=host_name)']] as const
    : [[`${NOVA}/compute/manager.py`, 10124, '_update_available_resource_for_node', 'self.rt.update_available_resource(context, nodename,'],
      [`${NOVA}/compute/resource_tracker.py`, 889, 'update_available_resource', 'self._update_available_resource(context, resources, startup=startup)'],
      [`${NOVA}/objects/compute_node.py`, 359, 'save', 'db_compute = db.compute_node_update(self._context, self.id, updates)']] as const;
  return [
    ...frames([...head, ...TIMEOUT_FRAMES]), '_queue.Empty', '',
    'During handling of the above exception, another exception occurred:', '',
    ...frames(head.slice(-1)),
    `oslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply to message ID ${msgId}`,
  ];
}

export function instanceNotFoundTraceback(uuid: string): string[] {
  return [
    ...frames([
      [`${PY}/oslo_messaging/rpc/server.py`, 165, '_process_incoming', 'res = self.dispatcher.dispatch(message)'],
      [`${PY}/oslo_messaging/rpc/dispatcher.py`, 309, 'dispatch', 'return self._do_dispatch(endpoint, method, ctxt, args)'],
      [`${PY}/oslo_messaging/rpc/dispatcher.py`, 229, '_do_dispatch', 'result = func(ctxt, **new_args)'],
      [`${NOVA}/conductor/manager.py`, 142, 'object_action', 'result = getattr(objinst, objmethod)(context, *args, **kwargs)'],
      [`${NOVA}/objects/instance.py`, 876, 'refresh', 'current = self.__class__.get_by_uuid(self._context, uuid=self.uuid,'],
      [`${NOVA}/db/main/api.py`, 1470, 'instance_get_by_uuid', 'return _instance_get_by_uuid(context, uuid,'],
    ]),
    `nova.exception.InstanceNotFound: Instance ${uuid} could not be found.`,
  ];
}
