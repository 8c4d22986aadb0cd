// Image data uploaded to glance-lite (snapshots, images an operator uploads): one file per image
// under the stack's state directory, with glance's checksum (md5) and multihash (sha512)
// computed while it streams in. Seeded images have no file: their bytes are image-file.ts's.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BinaryBody } from '../http/reply.js';

const CHUNK = 64 * 1024;

export const imageDataPath = (stateDir: string, id: string) => path.join(stateDir, 'images', id);

export interface StoredImage { size: number; checksum: string; hash: string }

export async function storeImageData(stateDir: string, id: string, body: AsyncIterable<Buffer>): Promise<StoredImage> {
  const file = imageDataPath(stateDir, id);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const md5 = createHash('md5');
  const sha = createHash('sha512');
  const fd = fs.openSync(`${file}.part`, 'w');
  let size = 0;
  try {
    for await (const chunk of body) {
      md5.update(chunk);
      sha.update(chunk);
      fs.writeSync(fd, chunk);
      size += chunk.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(`${file}.part`, file);
  return { size, checksum: md5.digest('hex'), hash: sha.digest('hex') };
}

/** The stored bytes, or null when the image has no file here. */
export function storedImageBytes(stateDir: string, id: string): BinaryBody | null {
  const file = imageDataPath(stateDir, id);
  if (!fs.existsSync(file)) return null;
  const length = fs.statSync(file).size;
  return {
    length, contentType: 'application/octet-stream',
    *chunks() {
      const fd = fs.openSync(file, 'r');
      try {
        const buf = Buffer.alloc(CHUNK);
        for (let n; (n = fs.readSync(fd, buf, 0, CHUNK, null)) > 0;) yield Buffer.from(buf.subarray(0, n));
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}

export function deleteImageData(stateDir: string, id: string): void {
  fs.rmSync(imageDataPath(stateDir, id), { force: true });
}
