// The bytes of an image: `size` bytes of deterministic content derived from the image id, so
// every download of one image is identical (compute caches it under _base and may compare).
// A qcow2 image starts with qcow2's header, whose size field is the disk's virtual size — what
// `qemu-img info` reports and Nova compares with the flavor's root disk.

import { createHash } from 'node:crypto';
import type { BinaryBody } from '../http/reply.js';

const BLOCK = 64 * 1024;

function patternBlock(imageId: string): Buffer {
  const block = Buffer.alloc(BLOCK);
  let seed = createHash('sha256').update(imageId).digest();
  for (let off = 0; off < BLOCK; off += seed.length) {
    seed.copy(block, off);
    seed = createHash('sha256').update(seed).digest();
  }
  return block;
}

/** cirros 0.6's virtual disk: 112 MiB. */
export const DEFAULT_VIRTUAL_SIZE = 117_440_512;

/** The first bytes of a qcow2 (version 3) file: magic, version, backing file, cluster bits, size. */
function qcow2Header(virtualSize: number): Buffer {
  const h = Buffer.alloc(32);
  h.write('QFI\xfb', 0, 'latin1');
  h.writeUInt32BE(3, 4);
  h.writeUInt32BE(16, 20);
  h.writeBigUInt64BE(BigInt(virtualSize), 24);
  return h;
}

export function imageBytes(imageId: string, size: number, diskFormat = 'raw', virtualSize = DEFAULT_VIRTUAL_SIZE): BinaryBody {
  return {
    length: size,
    contentType: 'application/octet-stream',
    *chunks() {
      const block = Buffer.from(patternBlock(imageId));
      const first = Buffer.from(block);
      if (diskFormat === 'qcow2' && size >= 32) qcow2Header(virtualSize).copy(first, 0);
      for (let sent = 0; sent < size; sent += BLOCK) yield (sent === 0 ? first : block).subarray(0, Math.min(BLOCK, size - sent));
    },
  };
}

