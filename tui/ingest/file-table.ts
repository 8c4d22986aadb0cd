// File generations: every (path, inode, start) ingest has read from gets an id that records keep.
// Invariant: a generation's id never changes; its path follows the bytes (a rotated copy or new
// name), and read() returns null rather than wrong bytes once they are gone from disk.

import fs from 'node:fs';
import path from 'node:path';

export interface FileGeneration {
  id: number;
  /** Current path of this generation's bytes (a rotated-away generation names its new path). */
  path: string;
  /** Path relative to the log directory. */
  rel: string;
  origin: number;
  /** Open for positional reads; -1 once closed. */
  fd: number;
  /** The bytes were truncated away and no copy was found. */
  gone: boolean;
}

export class FileTable {
  private readonly gens: FileGeneration[] = [];

  constructor(private readonly dir: string) {}

  add(filePath: string, origin: number, fd: number): FileGeneration {
    const g: FileGeneration = { id: this.gens.length, path: filePath, rel: this.relOf(filePath), origin, fd, gone: false };
    this.gens.push(g);
    return g;
  }

  get(id: number): FileGeneration {
    const g = this.gens[id];
    if (!g) throw new Error(`unknown file generation ${id}`);
    return g;
  }

  get size(): number {
    return this.gens.length;
  }

  /** The generation's bytes now live at `newPath` (renamed, or a copytruncate copy); `fd` replaces the old one if given. */
  repoint(id: number, newPath: string, fd?: number): void {
    const g = this.get(id);
    if (fd !== undefined && fd !== g.fd) {
      if (g.fd >= 0) closeQuietly(g.fd);
      g.fd = fd;
    }
    g.path = newPath;
    g.rel = this.relOf(newPath);
  }

  markGone(id: number): void {
    const g = this.get(id);
    g.gone = true;
    if (g.fd >= 0) closeQuietly(g.fd);
    g.fd = -1;
  }

  label(id: number): string {
    return this.gens[id]?.rel ?? `#${id}`;
  }

  read(id: number, offset: number, length: number): Buffer | null {
    const g = this.gens[id];
    if (!g || g.gone || g.fd < 0) return null;
    const buf = Buffer.allocUnsafe(length);
    try {
      const n = length === 0 ? 0 : fs.readSync(g.fd, buf, 0, length, offset);
      return n === length ? buf : null;
    } catch {
      return null;
    }
  }

  close(): void {
    for (const g of this.gens) {
      if (g.fd >= 0) closeQuietly(g.fd);
      g.fd = -1;
    }
  }

  private relOf(p: string): string {
    return path.relative(this.dir, p);
  }
}

export function closeQuietly(fd: number): void {
  try { fs.closeSync(fd); } catch { /* already closed */ }
}
