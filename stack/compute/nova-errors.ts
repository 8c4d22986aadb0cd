// Errors raised during a build, each with the exception class and traceback Nova prints for
// it, so that the logs of a failed boot read like a real deployment's (the tracer's failure
// signatures are written against those). One factory per way a build fails here; the frames
// are the tables in traceback-frames.ts.

import { TRACEBACK_FRAMES, tracebackOf, type FrameChain } from './traceback-frames.js';

/**
 * How compute's _build_and_run_instance treats an error it catches: most reschedule; some
 * abort the build (BuildAbortException with this reason), after an optional warning.
 */
export interface BuildAbort { reason: string; warning?: string; /** The warning's wording before Ussuri, when it differs (legacy release). */ legacyWarning?: string }

export class NovaError extends Error {
  abort?: BuildAbort;
  constructor(readonly excClass: string, message: string, readonly traceback: string[]) {
    super(message);
    this.name = excClass;
  }
}

function build(excClass: string, message: string, chain: FrameChain): NovaError {
  return new NovaError(excClass, message, tracebackOf(chain, `${excClass}: ${message}`));
}

const T = TRACEBACK_FRAMES;

export function kvmPermissionDenied(): NovaError {
  return build('libvirt.libvirtError', 'internal error: process exited while connecting to monitor: Could not access KVM kernel module: Permission denied', T.libvirtLaunch);
}

/** libvirt's VIR_ERR_CPU_INCOMPATIBLE: the guest's CPU model or features are not on this host. */
export function cpuIncompatible(feature: string): NovaError {
  return build('libvirt.libvirtError', `the CPU is incompatible with host CPU: Host CPU does not provide required features: ${feature}`, T.libvirtLaunch);
}

export function noSpaceLeft(file: string): NovaError {
  return build('OSError', `[Errno 28] No space left on device: '${file}'`, T.imageWrite);
}

export function glanceUnavailable(imageId: string): NovaError {
  return build('glanceclient.exc.HTTPServiceUnavailable', `HTTP 503 Service Unavailable: The server is currently unavailable. Please try again at a later time. (image ${imageId})`, T.imageDownload);
}

/** The vif-plug wait timed out (InstanceEventTimeout, no message): Nova raises this while handling it. */
export function vifCreationFailed(): NovaError {
  const excClass = 'nova.exception.VirtualInterfaceCreateException';
  const message = 'Virtual Interface creation failed';
  return new NovaError(excClass, message, tracebackOf(T.vifPlugTimeout, `${excClass}: ${message}`, 'nova.exception.InstanceEventTimeout'));
}

export function portBindingFailed(portId: string): NovaError {
  return build('nova.exception.PortBindingFailed', `Binding failed for port ${portId}, please check neutron logs for more information.`, T.portBindingFailed);
}

/** neutron answered 409 IpAddressGenerationFailure: _create_port_minimal raises NoMoreFixedIps. */
export function noMoreFixedIps(networkId: string, neutronMessage: string): NovaError {
  const excClass = 'nova.exception.NoMoreFixedIps';
  const message = `No fixed IP addresses available for network: ${networkId}`;
  // The chained exception Python prints first, as in a real traceback.
  const e = new NovaError(excClass, message, tracebackOf(T.noMoreFixedIps, `${excClass}: ${message}`,
    `neutronclient.common.exceptions.IpAddressGenerationFailureClient: ${neutronMessage}`));
  e.abort = { warning: 'No more fixed IP to be allocated', legacyWarning: 'No more network or fixed IP to be allocated', reason: `Failed to allocate the network(s) with error ${e.message}, not rescheduling.` };
  return e;
}

/** keystoneauth could not reach neutron; neutronclient raises ConnectionFailed. */
export function neutronConnectionFailed(url: string, why: string): NovaError {
  return build('neutronclient.common.exceptions.ConnectionFailed', `Connection to neutron failed: Unable to establish connection to ${url}: ${why}`, T.neutronConnectionFailed);
}

/** imagebackend's verify_base_size: the cached image's virtual disk is larger than the flavor's root disk. */
export function flavorDiskSmallerThanImage(flavorBytes: number, imageBytes: number): NovaError {
  const e = build('nova.exception.FlavorDiskSmallerThanImage', `Flavor's disk is too small for requested image. Flavor disk is ${flavorBytes} bytes, image is ${imageBytes} bytes.`, T.imageTooBig);
  e.abort = { reason: e.message };
  return e;
}

/** _await_block_device_map_created gave up: the volume is not available (error, or still creating). */
export function volumeNotCreated(volumeId: string, seconds: number, attempts: number, status: string, source: 'image' | 'blank'): NovaError {
  const e = build('nova.exception.VolumeNotCreated', `Volume ${volumeId} did not finish being created even after we waited ${seconds} seconds or ${attempts} attempts. And its status is ${status}.`,
    source === 'image' ? T.volumeFromImageNotCreated : T.blankVolumeNotCreated);
  // _prep_block_device re-raises it as InvalidBDM(str(ex)); _build_resources aborts the build with that message.
  e.abort = { reason: e.message };
  return e;
}
