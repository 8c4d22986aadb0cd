// lock and unlock (lock_server.LockServerController): from 2.73 the lock takes an optional
// `locked_reason` (lock_v273: the value an object with only locked_reason, a string of 1 to 255,
// or null), kept in the instance's system metadata as compute.api.lock does; unlock drops it.
// Below 2.73 the lock's value is not read. An owner re-locking a locked server changes nothing
// and records nothing (compute.api.lock returns first).

import { systemMetadata, updateSystemMetadata } from '../../../conductor/actions/system-metadata.js';
import type { Db } from '../../../db/open-db.js';
import { recordAction, updateInstance } from '../instances.js';
import { isSupported } from '../microversion.js';
import { ACCEPTED, invalid, objectValue, pyRepr, type ActionSpec } from './action-spec.js';

export const LOCKED_REASON = 'locked_reason';

/** The reason a locked server was given (null for none). */
export function lockedReason(db: Db, uuid: string): string | null {
  return systemMetadata(db, uuid)[LOCKED_REASON] ?? null;
}

function parseLock(value: unknown, v273: boolean): Record<string, unknown> {
  if (!v273) return {};
  const arg = objectValue('lock', value, [LOCKED_REASON], true);
  const reason = arg[LOCKED_REASON];
  if (reason !== undefined) {
    if (typeof reason !== 'string') throw invalid(LOCKED_REASON, reason, `${pyRepr(reason)} is not of type 'string'`);
    if (reason.length < 1) throw invalid(LOCKED_REASON, reason, `${pyRepr(reason)} should be non-empty`);
    if ([...reason].length > 255) throw invalid(LOCKED_REASON, reason, `${pyRepr(reason)} is too long`);
  }
  return arg;
}

export const LOCK_ACTIONS: Record<string, ActionSpec> = {
  lock: {
    calls: 'lock_server.LockServerController._lock', name: 'lock',
    parse: (value, req) => parseLock(value, isSupported(req, '2.73')),
    run: async (deps, req, inst, arg) => {
      // Only an admin (not the owner) updates a lock that is already there.
      const isOwner = inst.project_id === req.ctx.projectId;
      if (inst.locked && isOwner) return ACCEPTED;
      recordAction(deps.db, req.ctx, inst.uuid, 'lock');
      deps.logs.nova.child('nova.compute.api').debug(req.ctx, inst.uuid, 'Locking', { func: 'lock', file: 'compute/api.py', line: 5033 });
      updateInstance(deps.db, inst.uuid, { locked: 1 });
      const reason = arg[LOCKED_REASON] as string | undefined;
      if (reason) updateSystemMetadata(deps.db, inst.uuid, { [LOCKED_REASON]: reason });
      return ACCEPTED;
    },
  },
  unlock: {
    calls: 'lock_server.LockServerController._unlock', name: 'unlock', record: 'unlock',
    run: async (deps, req, inst) => {
      deps.logs.nova.child('nova.compute.api').debug(req.ctx, inst.uuid, 'Unlocking', { func: 'unlock', file: 'compute/api.py', line: 5062 });
      updateInstance(deps.db, inst.uuid, { locked: 0 });
      updateSystemMetadata(deps.db, inst.uuid, { [LOCKED_REASON]: null });
      return ACCEPTED;
    },
  },
};
