// The frame tables of the stack's tracebacks are consistent: every frame complete, no frame twice
// in a chain, each chain ending where its exception is raised. (Whether they match Nova's source
// is checked against a Nova checkout by /tmp/fr/check.py, which CI does not have.)
import { describe, expect, it } from 'vitest';
import { NOVA, TRACEBACK_FRAMES, tracebackOf, type Frame } from '../../../stack/compute/traceback-frames.js';
import { kvmPermissionDenied, noMoreFixedIps, vifCreationFailed, portBindingFailed } from '../../../stack/compute/nova-errors.js';
import { imageNotAuthorized } from '../../../stack/compute/image-errors.js';

/** Chains whose last frame raises without a `raise` statement of its own. */
const RAISED_BELOW: Record<string, RegExp> = {
  imageWrite: /^data\.write\(/, // the file object's write raises OSError
  conductorSchedule: /^return cctxt\.call\(/, // oslo.messaging raises (MessagingTimeout, …) inside the call
};

const sections = Object.entries(TRACEBACK_FRAMES).flatMap(([name, chain]) => [
  ...(chain.context ? [[`${name} (context)`, chain.context, true] as const] : []),
  [name, chain.frames, false] as const,
]);
const key = (f: Frame) => `${f.file}:${f.line}`;
// Library helpers (excutils' re-raise) legitimately appear once per `with` that re-raises.
const isNova = (f: Frame) => f.file.startsWith(`${NOVA}/`);

describe('traceback frame tables', () => {
  it.each(sections)('%s: every frame has a file, line, function and code', (_name, frames) => {
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) {
      expect(f.file).toMatch(/^\/usr\/lib\/python3[.\d]*\/[\w./-]+\.py$/);
      expect(Number.isInteger(f.line) && f.line > 0).toBe(true);
      expect(f.func).toMatch(/^\w+$/);
      expect(f.code.trim()).toBe(f.code);
      expect(f.code.length).toBeGreaterThan(0);
    }
  });

  it.each(sections)('%s: no Nova frame twice, no frame repeated back to back', (_name, frames) => {
    const nova = frames.filter(isNova).map(key);
    expect(new Set(nova).size).toBe(nova.length);
    frames.slice(1).forEach((f, i) => expect(key(f)).not.toBe(key(frames[i]!)));
  });

  it.each(sections)('%s: ends at the raising frame', (name, frames, isContext) => {
    const last = frames[frames.length - 1]!;
    const below = isContext ? undefined : RAISED_BELOW[name];
    if (below) expect(last.code).toMatch(below);
    else expect(last.code).toMatch(/^raise\b/);
  });

  it.each(sections)('%s: each save_and_reraise_exception is followed by its re-raise', (_name, frames) => {
    frames.forEach((f, i) => {
      if (f.code !== 'with excutils.save_and_reraise_exception():') return;
      expect(frames.slice(i + 1, i + 3).map((g) => g.func)).toEqual(['__exit__', 'force_reraise']);
      // then the frame of the same function where the exception was first caught
      expect(frames[i + 3]?.func).toBe(f.func);
    });
  });

  it('renders a plain traceback: header, two lines a frame, the exception line', () => {
    const chain = TRACEBACK_FRAMES.portBindingFailed;
    const tb = tracebackOf(chain, 'X: y');
    expect(tb[0]).toBe('Traceback (most recent call last):');
    expect(tb).toHaveLength(1 + 2 * chain.frames.length + 1);
    expect(tb[1]).toBe(`  File "${NOVA}/compute/manager.py", line 1993, in _allocate_network_async`);
    expect(tb.at(-1)).toBe('X: y');
    expect(tb).not.toContain('During handling of the above exception, another exception occurred:');
  });

  it('renders a chained traceback: the handled exception first, then "During handling"', () => {
    const tb = vifCreationFailed().traceback;
    const during = tb.indexOf('During handling of the above exception, another exception occurred:');
    expect(tb[during - 2]).toBe('nova.exception.InstanceEventTimeout');
    expect(tb[during + 2]).toBe('Traceback (most recent call last):');
    expect(tb.at(-1)).toBe('nova.exception.VirtualInterfaceCreateException: Virtual Interface creation failed');
  });

  it('the errors the stack raises keep their exception line', () => {
    expect(kvmPermissionDenied().traceback.at(-1)).toMatch(/^libvirt\.libvirtError: .*Could not access KVM kernel module/);
    expect(portBindingFailed('p1').traceback.at(-1)).toBe('nova.exception.PortBindingFailed: Binding failed for port p1, please check neutron logs for more information.');
    const ips = noMoreFixedIps('n1', 'No more IP addresses available on network n1.').traceback;
    expect(ips).toContain('neutronclient.common.exceptions.IpAddressGenerationFailureClient: No more IP addresses available on network n1.');
    expect(ips.at(-1)).toBe('nova.exception.NoMoreFixedIps: No fixed IP addresses available for network: n1');
    const auth = imageNotAuthorized('i1').traceback;
    expect(auth.filter((l) => l.startsWith('Traceback'))).toHaveLength(2);
    expect(auth.at(-1)).toBe('nova.exception.ImageNotAuthorized: Not authorized for image i1.');
  });
});
