// rebuild: Nova's request schema (imageRef required; name, metadata, adminPass, access IPs,
// preserve_ephemeral, OS-DCF:diskConfig, personality until 2.56; description from 2.19,
// key_name from 2.54, user_data from 2.57, trusted_image_certificates from 2.63), the image looked up in glance (400 "Cannot find
// image for rebuild"), the caller's key pair (2.54), the instance set to rebuilding with its new
// image, name, metadata, access IPs, key and user data, the action recorded and the rebuild cast
// to the conductor; 202 with the basic server view (the whole one from 2.75; key_name from 2.54, user_data from 2.57)
// and the admin password.

import { checkAccessIp, checkServerName } from '../server-validation.js';
import { checkHostname } from '../server-hostname.js';
import type { ImageMeta } from '../../../common/objects.js';
import { nowIso } from '../../../db/open-db.js';
import { badRequest } from '../../http/api-error.js';
import { json } from '../../http/reply.js';
import { serverDetail } from '../server-view.js';
import { getInstance, recordAction, updateInstance } from '../instances.js';
import { isSupported } from '../microversion.js';
import { checkDescription, userDataOf } from '../server-fields.js';
import { invalid, member, objectValue, passwordField, pyRepr, type ActionSpec } from './action-spec.js';
import { checkMetadata } from './create-image.js';
import { generatePassword } from './rescue.js';
import { authorizeCerts, checkTrustedCerts, refuseCertsForVolumeBacked, TRUSTED_CERTS } from '../trusted-certs.js';

const FIELDS = ['imageRef', 'name', 'metadata', 'adminPass', 'accessIPv4', 'accessIPv6', 'preserve_ephemeral', 'OS-DCF:diskConfig', 'personality'];

interface ImageRow { id: string; name: string; status: string; size: number; disk_format: string; min_ram: number; min_disk: number; properties: string }

export const REBUILD_ACTIONS: Record<string, ActionSpec> = {
  rebuild: {
    calls: 'servers.ServersController._action_rebuild', name: 'rebuild', needsHost: true,
    vmStates: ['active', 'stopped', 'error'], taskStates: [null], policy: member('os_compute_api:servers:rebuild'),
    parse: (value, req) => {
      // rebuild_v257: personality gone, user_data (nullable) in.
      const base = isSupported(req, '2.57') ? [...FIELDS.filter((f) => f !== 'personality'), 'user_data'] : FIELDS;
      const fields = [...base, ...(isSupported(req, '2.19') ? ['description'] : []), ...(isSupported(req, '2.54') ? ['key_name'] : []),
        ...(isSupported(req, '2.63') ? [TRUSTED_CERTS] : []), ...(isSupported(req, '2.90') ? ['hostname'] : [])];
      const arg = objectValue('rebuild', value, fields);
      // parameter_types.name_or_none (2.54): a name of 1 to 255 characters, or null to unset the key.
      if (arg.key_name !== undefined && arg.key_name !== null && (typeof arg.key_name !== 'string' || arg.key_name.length < 1 || [...arg.key_name].length > 255)) {
        throw invalid('key_name', arg.key_name, `${pyRepr(arg.key_name)} is not valid under any of the given schemas`);
      }
      if (arg.description !== undefined) checkDescription(arg.description);
      if (arg.hostname !== undefined) checkHostname(arg.hostname);
      if (arg[TRUSTED_CERTS] !== undefined) checkTrustedCerts(arg[TRUSTED_CERTS]);
      if (arg.user_data !== undefined && arg.user_data !== null) {
        if (typeof arg.user_data !== 'string') throw invalid('user_data', arg.user_data, `${pyRepr(arg.user_data)} is not of type 'string', 'null'`);
        userDataOf(arg);
      }
      if (arg.imageRef === undefined) throw invalid('rebuild', arg, "'imageRef' is a required property");
      if (typeof arg.imageRef !== 'string') throw invalid('imageRef', arg.imageRef, `${pyRepr(arg.imageRef)} is not of type 'string'`);
      if (arg.name !== undefined) checkServerName(arg.name);
      checkMetadata('metadata', arg.metadata);
      passwordField('rebuild', arg, 'adminPass', false);
      checkAccessIp('accessIPv4', arg.accessIPv4);
      if (arg.accessIPv6 !== undefined) arg.accessIPv6 = checkAccessIp('accessIPv6', arg.accessIPv6);
      if (arg.preserve_ephemeral !== undefined && typeof arg.preserve_ephemeral !== 'boolean') throw invalid('preserve_ephemeral', arg.preserve_ephemeral, `${pyRepr(arg.preserve_ephemeral)} is not of type 'boolean'`);
      return arg;
    },
    run: async (deps, req, inst, arg) => {
      // 2.63: given (a list, or null to unset them), the certificates replace the server's.
      const certs = arg[TRUSTED_CERTS] as string[] | null | undefined;
      if (certs !== undefined) authorizeCerts(req.ctx, 'rebuild', inst.project_id);
      const ref = String(arg.imageRef).split('/').pop()!;
      const image = deps.db.prepare('SELECT * FROM images WHERE id = ?').get(ref) as ImageRow | undefined;
      if (!image) throw badRequest('Cannot find image for rebuild');
      if (image.status !== 'active') throw badRequest(`Image ${image.id} is not active.`);
      refuseCertsForVolumeBacked(deps.db, inst.uuid, certs);
      // The key pair is looked up for the caller, not the server's owner: users own keys, projects own servers.
      const keyName = arg.key_name as string | null | undefined;
      if (keyName && !deps.db.prepare('SELECT 1 FROM keypairs WHERE user_id = ? AND name = ?').get(req.ctx.userId ?? '', keyName)) throw badRequest('Invalid key_name provided.');
      if (keyName !== undefined) deps.db.prepare('UPDATE instances SET key_name = ? WHERE uuid = ?').run(keyName, inst.uuid);
      const password = (arg.adminPass as string | undefined) ?? generatePassword();
      const meta: ImageMeta = { id: image.id, name: image.name, size: image.size, disk_format: image.disk_format, min_ram: image.min_ram, min_disk: image.min_disk, properties: JSON.parse(image.properties || '{}') as Record<string, string> };
      deps.db.prepare(`UPDATE instances SET task_state = 'rebuilding', image_ref = ?, progress = 0, name = COALESCE(?, name), metadata = COALESCE(?, metadata),
        access_ip_v4 = COALESCE(?, access_ip_v4), access_ip_v6 = COALESCE(?, access_ip_v6), updated_at = ? WHERE uuid = ?`).run(
        image.id, (arg.name as string | undefined)?.trim() ?? null, arg.metadata === undefined ? null : JSON.stringify(arg.metadata),
        (arg.accessIPv4 as string | undefined) ?? null, (arg.accessIPv6 as string | undefined) ?? null, nowIso(), inst.uuid);
      if (arg.description !== undefined) updateInstance(deps.db, inst.uuid, { display_description: arg.description as string | null });
      if (arg.hostname !== undefined) updateInstance(deps.db, inst.uuid, { hostname: arg.hostname as string });
      if (arg.user_data !== undefined) deps.db.prepare('UPDATE instances SET user_data = ? WHERE uuid = ?').run(arg.user_data, inst.uuid);
      if (certs !== undefined) deps.db.prepare('UPDATE instances SET trusted_certs = ? WHERE uuid = ?').run(certs && JSON.stringify(certs), inst.uuid);
      recordAction(deps.db, req.ctx, inst.uuid, 'rebuild');
      await deps.actions.conductor.rebuildInstance(req.ctx, inst.uuid, { image: meta, orig_image_ref: inst.image_ref, new_pass: password, orig_vm_state: inst.vm_state });
      const view = serverDetail(deps, req, getInstance(deps, req, inst.uuid), { basic: !isSupported(req, '2.75'), showUserData: false, showServerGroups: true });
      const row = getInstance(deps, req, inst.uuid);
      const shown = { ...(isSupported(req, '2.54') ? { key_name: row.key_name } : {}), ...(isSupported(req, '2.57') ? { user_data: row.user_data } : {}) };
      return json(202, { server: { ...view, ...shown, adminPass: password } });
    },
  },
};
