// Seeded randomness for the benchmark corpus. Everything the generator decides goes through
// one of these streams, consumed in a fixed order, so a seed and a size give byte-identical logs.

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(n: number): string {
  return HEX[n >>> 24] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
}

/** mulberry32: tiny, fast, good enough for synthetic traffic (not for anything secret). */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Exponentially distributed delay with the given mean (Poisson arrivals). */
  exp(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /** n*8 lowercase hex characters. */
  hex(words: number): string {
    let s = '';
    for (let i = 0; i < words; i++) s += hex32(this.u32());
    return s;
  }

  /** A version-4 uuid, as Nova and oslo.context make them. */
  uuid(): string {
    const a = hex32(this.u32());
    const b = hex32(this.u32());
    const c = hex32(this.u32());
    const d = hex32(this.u32());
    const variant = '89ab'[this.u32() & 3];
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }

  mac(): string {
    const n = this.u32();
    return `fa:16:3e:${HEX[n >>> 24]}:${HEX[(n >>> 16) & 255]}:${HEX[(n >>> 8) & 255]}`;
  }
}
