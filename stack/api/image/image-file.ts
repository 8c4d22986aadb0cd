// The bytes of an image: `size` bytes of deterministic content derived from the image id, so
// every download of one image is identical (compute caches it under _base and may compare).

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

export function imageBytes(imageId: string, size: number): BinaryBody {
  return {
    length: size,
    contentType: 'application/octet-stream',
    *chunks() {
      const block = patternBlock(imageId);
      for (let sent = 0; sent < size; sent += BLOCK) yield block.subarray(0, Math.min(BLOCK, size - sent));
    },
  };
}
