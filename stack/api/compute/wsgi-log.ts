// The DEBUG line Nova's wsgi layer writes before calling a controller method (_process_stack):
// `Action: 'create', calling method: <bound method …>, body: {…}` when the request has a body,
// `Calling method '<bound method …>'` otherwise. Passwords in the body are masked as oslo's
// strutils.mask_password does. Controller objects get one fake address each per process.

import { randomBytes } from 'node:crypto';
import type { OsloLogger } from '../../common/oslo-logger.js';
import type { ApiRequest } from '../http/request.js';

const addresses = new Map<string, string>();

function objectAddress(cls: string): string {
  let a = addresses.get(cls);
  if (!a) addresses.set(cls, (a = `0x7f${randomBytes(5).toString('hex').slice(0, 9)}0`));
  return a;
}

/** `servers.ServersController.create` → Python 3's repr of that bound method. */
export function boundMethod(calls: string): string {
  const parts = calls.split('.');
  const method = parts.pop()!;
  const cls = parts.pop()!;
  return `<bound method ${cls}.${method} of <nova.api.openstack.compute.${parts.join('.')}.${cls} object at ${objectAddress(cls)}>>`;
}

const SECRET_KEYS = ['adminPass', 'admin_pass', 'password', 'admin_password', 'auth_token', 'new_pass', 'auth_password', 'secret', 'token', 'private_key'];
const SECRET_VALUE = new RegExp(`("(?:${SECRET_KEYS.join('|')})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'g');

export const maskPassword = (body: string) => body.replace(SECRET_VALUE, '$1"***"');

export function logProcessStack(log: OsloLogger, req: ApiRequest, action: string, calls: string): void {
  const meth = boundMethod(calls);
  if (req.rawBody.trim() !== '') {
    log.debug(req.ctx, null, `Action: '${action}', calling method: ${meth}, body: ${maskPassword(req.rawBody)}`, { func: '_process_stack', file: 'api/openstack/wsgi.py', line: 511 });
  } else {
    log.debug(req.ctx, null, `Calling method '${meth}'`, { func: '_process_stack', file: 'api/openstack/wsgi.py', line: 516 });
  }
}

/** The routing action of a method: `_create` → `create`; explicit for `action` routes. */
export const routingAction = (calls: string) => calls.split('.').pop()!.replace(/^_/, '');
