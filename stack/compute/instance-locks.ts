// utils.synchronized(instance.uuid) of nova-compute: build_and_run_instance and terminate_instance
// hold the instance's lock, so a delete cast while the instance builds waits until the build has
// returned. Waiters take the lock in the order they asked for it (oslo's fair lock).

export class InstanceLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` once every earlier holder of `uuid`'s lock is done, and releases it however `work` ends. */
  async hold<T>(uuid: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(uuid) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => { release = r; });
    const tail = before.then(() => mine);
    this.tails.set(uuid, tail);
    await before;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(uuid) === tail) this.tails.delete(uuid);
    }
  }

  /** Whether someone holds or waits for `uuid`'s lock. */
  held(uuid: string): boolean {
    return this.tails.has(uuid);
  }
}
