// `qemu-img info` on a cached base image, as nova.virt.images.qemu_img_info runs it (under
// oslo.concurrency's prlimit, logged by processutils at DEBUG): the disk's virtual size, read
// from the qcow2 header (a file without one is raw: its virtual size is its length).

import fs from 'node:fs';
import type { OsloLogger } from '../common/oslo-logger.js';
import type { RequestContext } from '../common/request-context.js';

const QEMU_IMG_LIMITS = '/usr/bin/python3 -m oslo_concurrency.prlimit --as=1073741824 --cpu=30 --';

export function virtualSize(procLog: OsloLogger, ctx: RequestContext, file: string, shownPath: string): number {
  const cmd = `${QEMU_IMG_LIMITS} env LC_ALL=C LANG=C qemu-img info ${shownPath} --force-share --output=json`;
  const t0 = Date.now();
  procLog.debug(ctx, null, `Running cmd (subprocess): ${cmd}`, { func: 'execute', file: '../oslo_concurrency/processutils.py', line: 384 });
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(32);
  try {
    fs.readSync(fd, head, 0, 32, 0);
  } finally {
    fs.closeSync(fd);
  }
  procLog.debug(ctx, null, `CMD "${cmd}" returned: 0 in ${((Date.now() - t0) / 1000).toFixed(3)}s`, { func: 'execute', file: '../oslo_concurrency/processutils.py', line: 422 });
  if (head.toString('latin1', 0, 4) === 'QFI\xfb') return Number(head.readBigUInt64BE(24));
  return fs.statSync(file).size;
}
