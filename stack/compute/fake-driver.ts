// A fake hypervisor: keeps each guest's state, takes configured time per step, and writes
// what the libvirt driver would log (guest XML, lifecycle events, "Instance spawned
// successfully."). Faults are injected by swapping a step for a named variant, never by
// branches in the build flow.

import { driverNotImplemented } from './actions/power-update-frames.js';
import type { DriverDelays } from '../common/stack-config.js';
import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';
import type { Flavor } from '../common/objects.js';
import { POWER_STATE } from '../common/objects.js';
import { sleep } from '../common/time.js';
import type { FaultStore } from '../faults/fault-store.js';
import { cpuIncompatible, kvmPermissionDenied } from './nova-errors.js';

export interface Guest {
  uuid: string;
  name: string;
  flavor: Flavor;
  powerState: number;
  consoleLog: string[];
  /** Set by rescue and changePassword (the guest agent's password). */
  adminPass?: string;
  /** When the domain last started running (ms since the epoch): its counters run from there. */
  startedAt: number;
  /** Attached volumes by device (/dev/vdb → volume id), in the domain's persistent config. */
  disks?: Map<string, string>;
}


export class FakeDriver {
  readonly guests = new Map<string, Guest>();
  private readonly driverLog: OsloLogger;
  private readonly managerLog: OsloLogger;

  constructor(private readonly host: string, private readonly delays: DriverDelays, rootLog: OsloLogger, private readonly faults?: FaultStore) {
    this.driverLog = rootLog.child('nova.virt.libvirt.driver');
    this.managerLog = rootLog.child('nova.compute.manager');
  }

  guestXml(uuid: string, name: string, f: Flavor, mac: string | null): string[] {
    return [
      `<domain type="kvm">`, `  <uuid>${uuid}</uuid>`, `  <name>instance-${uuid.slice(0, 8)}</name>`,
      `  <memory>${f.memory_mb * 1024}</memory>`, `  <vcpu>${f.vcpus}</vcpu>`,
      `  <metadata>`, `    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1">`,
      `      <nova:name>${name}</nova:name>`, `      <nova:flavor name="${f.name}"/>`, `    </nova:instance>`, `  </metadata>`,
      `  <devices>`, `    <disk type="file" device="disk">`, `      <source file="/var/lib/nova/instances/${uuid}/disk"/>`, `    </disk>`,
      ...(mac ? [`    <interface type="bridge">`, `      <mac address="${mac}"/>`, `      <model type="virtio"/>`, `    </interface>`] : []), `  </devices>`,
      `</domain>`,
    ];
  }

  /** Define and start the guest; `waitForVif` resolves when neutron says the port is plugged. */
  async spawn(ctx: RequestContext, uuid: string, name: string, flavor: Flavor, mac: string | null, waitForVif: () => Promise<void>): Promise<void> {
    const xml = this.guestXml(uuid, name, flavor, mac);
    this.driverLog.debug(ctx, uuid, `End _get_guest_xml xml=${xml[0]}`, { func: '_get_guest_xml', file: 'virt/libvirt/driver.py', line: 7392 });
    this.driverLog.continuation(xml.slice(1));
    await sleep(this.delays.spawn / 2);
    if (this.faults?.take('hypervisor-permission', this.host)) throw kvmPermissionDenied();
    // The cpu-model fault: the guest asks for a CPU feature (the flavor's or image's CPU model) this host lacks.
    if (this.faults?.take('cpu-model', this.host)) throw cpuIncompatible('avx512f');
    this.guests.set(uuid, { uuid, name, flavor, powerState: POWER_STATE.PAUSED, consoleLog: [], startedAt: Date.now() });
    this.managerLog.info(null, uuid, 'VM Started (Lifecycle Event)');
    this.managerLog.info(null, uuid, 'VM Paused (Lifecycle Event)');
    await waitForVif();
    await sleep(this.delays.spawn / 2);
    const g = this.guests.get(uuid)!;
    g.powerState = POWER_STATE.RUNNING;
    g.consoleLog.push(...bootConsole(name));
    this.managerLog.info(null, uuid, 'VM Resumed (Lifecycle Event)');
    this.driverLog.info(null, uuid, 'Instance spawned successfully.');
  }

  /**
   * A guest that was running before this nova-compute started: the hypervisor keeps its
   * domains when the service restarts, so the driver takes them over as they are.
   */
  adopt(uuid: string, name: string, flavor: Flavor, powerState: number): void {
    if (!this.guests.has(uuid)) this.guests.set(uuid, { uuid, name, flavor, powerState, consoleLog: bootConsole(name), startedAt: Date.now() });
  }

  hasGuest(uuid: string): boolean {
    return this.guests.has(uuid);
  }

  /** attach_volume: the volume's disk joins the domain (libvirt logs nothing at INFO for it). */
  attachDisk(uuid: string, device: string, volumeId: string): void {
    const g = this.guests.get(uuid);
    if (!g) throw new Error(`Instance ${uuid} could not be found.`);
    (g.disks ??= new Map()).set(device, volumeId);
  }

  detachDisk(uuid: string, device: string): void {
    this.guests.get(uuid)?.disks?.delete(device);
  }

  async destroy(uuid: string): Promise<void> {
    await sleep(this.delays.spawn / 4);
    if (this.guests.delete(uuid)) this.managerLog.info(null, uuid, 'VM Stopped (Lifecycle Event)');
    this.driverLog.info(null, uuid, 'Instance destroyed successfully.');
  }

  async powerOff(uuid: string): Promise<void> {
    await sleep(this.delays.spawn / 4);
    const g = this.guests.get(uuid);
    if (g) g.powerState = POWER_STATE.SHUTDOWN;
    this.managerLog.info(null, uuid, 'VM Stopped (Lifecycle Event)');
  }

  async powerOn(uuid: string): Promise<void> {
    await sleep(this.delays.spawn / 4);
    const g = this.guests.get(uuid);
    if (g) { g.powerState = POWER_STATE.RUNNING; g.consoleLog.push(...bootConsole(g.name)); g.startedAt = Date.now(); }
    this.managerLog.info(null, uuid, 'VM Started (Lifecycle Event)');
  }

  /**
   * A guest's power change for one of the actions of actions/guest-steps.ts: the step's time,
   * the new power state and the lifecycle events libvirt emits on the way.
   */
  async transition(uuid: string, powerState: number, lifecycle: readonly string[], boots = false): Promise<void> {
    await sleep(this.delays.spawn / 4);
    const g = this.guests.get(uuid);
    if (!g) throw new Error(`Instance ${uuid} could not be found.`);
    g.powerState = powerState;
    if (boots) { g.consoleLog.push(...bootConsole(g.name)); g.startedAt = Date.now(); }
    for (const e of lifecycle) this.managerLog.info(null, uuid, `VM ${e} (Lifecycle Event)`);
  }

  /**
   * ComputeDriver.power_update_event: only Nova's ironic driver implements it; the libvirt driver
   * this one plays inherits the base class's NotImplementedError.
   */
  powerUpdateEvent(): never {
    throw driverNotImplemented();
  }

  consoleOutput(uuid: string, length: number | null): string {
    const lines = this.guests.get(uuid)?.consoleLog ?? [];
    return (length ? lines.slice(-length) : lines).join('\n') + '\n';
  }

  hostName(): string {
    return this.host;
  }
}

function bootConsole(name: string): string[] {
  return [
    '[    0.000000] Linux version 5.15.0-71-generic (buildd@lcy02-amd64-044) (gcc (Ubuntu 11.3.0-1ubuntu1~22.04.1) 11.3.0)',
    '[    0.000000] Command line: LABEL=cirros-rootfs ro console=tty1 console=ttyS0',
    '[    1.204311] Run /init as init process',
    'Starting network: udhcpc: started, v1.36.1',
    'udhcpc: sending discover',
    'udhcpc: lease of 10.0.0.3 obtained from 10.0.0.1, lease time 86400',
    `=== cirros: current=0.6.2 uptime=4.21 ===`,
    `${name} login: `,
  ];
}
