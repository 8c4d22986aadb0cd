// os-keypairs at 2.1: per-user key pairs, generated (private key returned once) or imported,
// with Nova's 2.1 status codes (create 200, delete 202) and error wording.

import type { ApiDeps } from '../api-deps.js';
import { badRequest, conflict, forbidden, notFound } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import { bodyObject, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { nowIso } from '../../db/open-db.js';
import { novaTime } from './formats.js';
import { quotaLimits } from './quotas.js';
import { fingerprint, generateKeypair } from './ssh-keys.js';

interface KeypairRow { id: number; name: string; user_id: string; fingerprint: string; public_key: string; type: string; created_at: string }

const NAME = /^(?! )[a-zA-Z0-9. _-]+(?<! )$/;

const userOf = (req: ApiRequest) => req.ctx.userId ?? '';

function getKeypair(deps: ApiDeps, req: ApiRequest): KeypairRow {
  const k = deps.db.prepare('SELECT * FROM keypairs WHERE user_id = ? AND name = ?').get(userOf(req), req.params.name) as KeypairRow | undefined;
  if (!k) throw notFound(`Keypair ${req.params.name} not found for user ${userOf(req)}`);
  return k;
}

function create(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const body = bodyObject(req, 'keypair');
    const name = body.name;
    if (typeof name !== 'string' || name.length < 1 || name.length > 255 || !NAME.test(name)) {
      throw badRequest(`Invalid input for field/attribute name. Value: ${String(name)}. '${String(name)}' does not match '^(?! )[a-zA-Z0-9. _-]+(?<! )$'`);
    }
    const count = (deps.db.prepare('SELECT COUNT(*) AS n FROM keypairs WHERE user_id = ?').get(userOf(req)) as { n: number }).n;
    if (count >= quotaLimits(deps, req.ctx.projectId ?? '').key_pairs) throw forbidden('Maximum number of key pairs exceeded');
    if (deps.db.prepare('SELECT 1 FROM keypairs WHERE user_id = ? AND name = ?').get(userOf(req), name)) throw conflict(`Key pair '${name}' already exists.`);
    const generated = typeof body.public_key === 'string' ? null : generateKeypair();
    const publicKey = generated?.publicKey ?? String(body.public_key);
    const print = fingerprint(publicKey);
    if (!print) throw badRequest('Keypair data is invalid: failed to generate fingerprint');
    deps.db.prepare('INSERT INTO keypairs (name, user_id, fingerprint, public_key, created_at) VALUES (?, ?, ?, ?, ?)').run(name, userOf(req), print, publicKey, nowIso());
    const keypair: Record<string, unknown> = { name, public_key: publicKey, fingerprint: print, user_id: userOf(req) };
    if (generated) keypair.private_key = generated.privateKey;
    return ok({ keypair });
  };
}

export function keypairRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `keypairs.KeypairController.${m}`;
  return [
    { method: 'GET', pattern: '/v2.1/os-keypairs', calls: calls('index'), handler: (req) => {
      const rows = deps.db.prepare('SELECT * FROM keypairs WHERE user_id = ? ORDER BY name').all(userOf(req)) as KeypairRow[];
      return ok({ keypairs: rows.map((k) => ({ keypair: { name: k.name, public_key: k.public_key, fingerprint: k.fingerprint } })) });
    } },
    { method: 'POST', pattern: '/v2.1/os-keypairs', calls: calls('create'), handler: create(deps) },
    { method: 'GET', pattern: '/v2.1/os-keypairs/{name}', calls: calls('show'), handler: (req) => {
      const k = getKeypair(deps, req);
      return ok({ keypair: {
        name: k.name, public_key: k.public_key, fingerprint: k.fingerprint, user_id: k.user_id, id: k.id,
        created_at: novaTime(k.created_at), updated_at: null, deleted_at: null, deleted: false,
      } });
    } },
    { method: 'DELETE', pattern: '/v2.1/os-keypairs/{name}', calls: calls('delete'), handler: (req) => {
      deps.db.prepare('DELETE FROM keypairs WHERE id = ?').run(getKeypair(deps, req).id);
      return { status: 202 };
    } },
  ];
}
