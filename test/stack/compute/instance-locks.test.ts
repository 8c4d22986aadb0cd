// utils.synchronized(instance.uuid) in nova-compute: a terminate_instance cast while the instance
// builds waits until the build returns, waiters go in order, a failed holder releases the lock,
// and other instances are not held up.
import { describe, expect, it } from 'vitest';
import { InstanceLocks } from '../../../stack/compute/instance-locks.js';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('InstanceLocks', () => {
  it('runs a terminate only after the build holding the lock has returned', async () => {
    const locks = new InstanceLocks();
    const order: string[] = [];
    const build = locks.hold('a', async () => { order.push('build start'); await later(50); order.push('build end'); return 'FAILED'; });
    const terminate = locks.hold('a', async () => { order.push('terminate'); });
    expect(locks.held('a')).toBe(true);
    expect(await build).toBe('FAILED');
    await terminate;
    expect(order).toEqual(['build start', 'build end', 'terminate']);
    expect(locks.held('a')).toBe(false);
  });

  it('hands the lock on in the order it was asked for, even when a holder fails', async () => {
    const locks = new InstanceLocks();
    const order: number[] = [];
    const first = locks.hold('a', async () => { await later(20); order.push(1); throw new Error('spawn failed'); });
    const rest = [2, 3, 4].map((n) => locks.hold('a', async () => { await later(25 - n * 5); order.push(n); }));
    await expect(first).rejects.toThrow('spawn failed');
    await Promise.all(rest);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(locks.held('a')).toBe(false);
  });

  it('does not hold up another instance', async () => {
    const locks = new InstanceLocks();
    const order: string[] = [];
    const a = locks.hold('a', async () => { await later(50); order.push('a'); });
    await locks.hold('b', async () => { order.push('b'); });
    await a;
    expect(order).toEqual(['b', 'a']);
  });
});
