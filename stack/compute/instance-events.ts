// Waiting for external events (network-vif-plugged) that neutron sends through the nova API,
// as compute's InstanceEvents does: prepare before plugging, then wait with a timeout.

export class EventTimeout extends Error {
  override readonly name = 'EventTimeout';
}

interface Waiter { resolve(): void; arrived: boolean }

export class InstanceEvents {
  private readonly waiters = new Map<string, Waiter>();

  private key(uuid: string, event: string): string {
    return `${uuid}:${event}`;
  }

  /** Register interest before the action that triggers the event. */
  prepare(uuid: string, event: string): () => Promise<void> {
    const k = this.key(uuid, event);
    let resolve!: () => void;
    const done = new Promise<void>((r) => { resolve = r; });
    const waiter: Waiter = { resolve, arrived: false };
    this.waiters.set(k, waiter);
    return () => done;
  }

  /** The events still awaited for an instance, as `<name>-<tag>` keys. */
  pending(uuid: string): string[] {
    return [...this.waiters.keys()].filter((k) => k.startsWith(`${uuid}:`)).map((k) => k.slice(uuid.length + 1));
  }

  /** An event arrived; true when somebody was waiting for it. */
  pop(uuid: string, event: string): boolean {
    const k = this.key(uuid, event);
    const w = this.waiters.get(k);
    if (!w) return false;
    this.waiters.delete(k);
    w.arrived = true;
    w.resolve();
    return true;
  }

  async wait(wait: () => Promise<void>, timeoutMs: number, what: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([wait(), new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new EventTimeout(`Timeout waiting for ${what}`)), timeoutMs); })]);
    } finally {
      clearTimeout(timer);
    }
  }

  forget(uuid: string): void {
    for (const k of [...this.waiters.keys()]) if (k.startsWith(`${uuid}:`)) this.waiters.delete(k);
  }
}
