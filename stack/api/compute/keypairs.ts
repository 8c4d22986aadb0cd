// os-keypairs: per-user key pairs, generated (private key returned once) or imported, ssh or
// x509. 2.1: create 200, delete 202, no `type`. 2.2: `type` everywhere, create 201, delete 204.
// 2.10: admins name another user (`user_id` in the body or query). 2.35: list `limit`/`marker`
// and `keypairs_links`. 2.92: import only (public_key required, nothing generated), and names may
// hold '@'. The policy is Nova's admin-or-owner on the key pair's user.

import { strictFrom275 } from './strict-query.js';
import { pyRepr } from './actions/action-spec.js';
import type { ApiDeps } from '../api-deps.js';
import { badRequest, conflict, forbidden, notFound, policyForbids } from '../http/api-error.js';
import { empty, json, ok, type ApiReply } from '../http/reply.js';
import { bodyObject, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { nowIso } from '../../db/open-db.js';
import { novaTime } from './formats.js';
import { isSupported } from './microversion.js';
import { quotaLimits } from './quotas.js';
import { fingerprint, generateKeypair } from './ssh-keys.js';
import { generateX509, x509Fingerprint } from './x509-keys.js';
import { limitAndMarker, MAX_LIMIT, nextLink } from './pagination.js';

interface KeypairRow { id: number; name: string; user_id: string; fingerprint: string; public_key: string; type: string; created_at: string }

const NAME = /^(?! )[a-zA-Z0-9. _-]+(?<! )$/;
/** keypair_name_special_chars_v292: '@' besides. */
const NAME_292 = /^(?! )[a-zA-Z0-9.@ _-]+(?<! )$/;
/** The pattern as the validator's message shows it (its Python repr: backslashes doubled). */
const NAME_292_PATTERN = '^[_\\\\-\\\\@\\\\. a-zA-Z0-9]+$';
const TYPES = ['ssh', 'x509'];

/** The user whose key pairs the request is about; another user's only for admins (2.10+). */
function userOf(req: ApiRequest, fromBody?: unknown): string {
  const asked = isSupported(req, '2.10') ? (typeof fromBody === 'string' ? fromBody : req.query.get('user_id')) : null;
  const own = req.ctx.userId ?? '';
  if (asked && asked !== own && !req.ctx.isAdmin) throw policyForbids(`os_compute_api:os-keypairs:${req.method === 'POST' ? 'create' : req.method === 'DELETE' ? 'delete' : req.params.name ? 'show' : 'index'}`);
  return asked || own;
}

function getKeypair(deps: ApiDeps, req: ApiRequest): KeypairRow {
  const user = userOf(req);
  const k = deps.db.prepare('SELECT * FROM keypairs WHERE user_id = ? AND name = ?').get(user, req.params.name) as KeypairRow | undefined;
  if (!k) throw notFound(`Keypair ${req.params.name} not found for user ${user}`);
  return k;
}

function withType(req: ApiRequest, view: Record<string, unknown>, k: { type: string }): Record<string, unknown> {
  return isSupported(req, '2.2') ? { ...view, type: k.type } : view;
}

function create(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const body = bodyObject(req, 'keypair');
    const name = body.name;
    const v292 = isSupported(req, '2.92');
    if (typeof name !== 'string' || name.length < 1 || name.length > 255 || !(v292 ? NAME_292 : NAME).test(name)) {
      throw badRequest(`Invalid input for field/attribute name. Value: ${String(name)}. '${String(name)}' does not match '${v292 ? NAME_292_PATTERN : '^(?! )[a-zA-Z0-9. _-]+(?<! )$'}'`);
    }
    // create_v292: public_key is required; Nova no longer generates key pairs.
    if (v292 && body.public_key === undefined) throw badRequest(`Invalid input for field/attribute keypair. Value: ${pyRepr(body)}. 'public_key' is a required property`);
    const type = isSupported(req, '2.2') && body.type !== undefined ? body.type : 'ssh';
    if (typeof type !== 'string' || !TYPES.includes(type)) throw badRequest(`Invalid input for field/attribute type. Value: ${String(type)}. '${String(type)}' is not one of ['ssh', 'x509']`);
    const user = userOf(req, body.user_id);
    const count = (deps.db.prepare('SELECT COUNT(*) AS n FROM keypairs WHERE user_id = ?').get(user) as { n: number }).n;
    if (count >= quotaLimits(deps, req.ctx.projectId ?? '').key_pairs) throw forbidden('Maximum number of key pairs exceeded');
    if (deps.db.prepare('SELECT 1 FROM keypairs WHERE user_id = ? AND name = ?').get(user, name)) throw conflict(`Key pair '${name}' already exists.`);
    const generated = typeof body.public_key === 'string' ? null : type === 'x509' ? generateX509(user) : generateKeypair();
    const publicKey = generated?.publicKey ?? String(body.public_key);
    const print = type === 'x509' ? x509Fingerprint(publicKey) : fingerprint(publicKey);
    if (!print) throw badRequest(`Keypair data is invalid: failed to generate ${type === 'x509' ? 'X509 ' : ''}fingerprint`);
    deps.db.prepare('INSERT INTO keypairs (name, user_id, fingerprint, public_key, type, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(name, user, print, publicKey, type, nowIso());
    const keypair: Record<string, unknown> = withType(req, { name, public_key: publicKey, fingerprint: print, user_id: user }, { type });
    if (generated) keypair.private_key = generated.privateKey;
    return json(isSupported(req, '2.2') ? 201 : 200, { keypair });
  };
}

function index(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const user = userOf(req);
    let rows = deps.db.prepare('SELECT * FROM keypairs WHERE user_id = ? ORDER BY name').all(user) as KeypairRow[];
    const paged = isSupported(req, '2.35');
    const page = paged ? limitAndMarker(req) : null;
    if (page?.marker !== undefined) {
      const at = rows.findIndex((k) => k.name === page.marker);
      if (at < 0) throw badRequest(`Marker ${page.marker} could not be found.`);
      rows = rows.slice(at + 1);
    }
    // _get_collection_links: a next link whenever the page is as long as the limit ([api]max_limit without one).
    const max = page ? Math.min(page.limit ?? MAX_LIMIT, MAX_LIMIT) : null;
    if (max !== null) rows = rows.slice(0, max);
    const out: Record<string, unknown> = {
      keypairs: rows.map((k) => ({ keypair: withType(req, { name: k.name, public_key: k.public_key, fingerprint: k.fingerprint }, k) })),
    };
    if (max && rows.length === max) out.keypairs_links = nextLink(deps.baseUrl, 'os-keypairs', req, rows[rows.length - 1].name);
    return ok(out);
  };
}

export function keypairRoutes(deps: ApiDeps): Route[] {
  const calls = (m: string) => `keypairs.KeypairController.${m}`;
  return [
    { method: 'GET', pattern: '/v2.1/os-keypairs', calls: calls('index'), handler: strictFrom275(['user_id', 'limit', 'marker'], index(deps)) },
    { method: 'POST', pattern: '/v2.1/os-keypairs', calls: calls('create'), handler: create(deps) },
    { method: 'GET', pattern: '/v2.1/os-keypairs/{name}', calls: calls('show'), handler: strictFrom275(['user_id'], (req) => {
      const k = getKeypair(deps, req);
      return ok({ keypair: withType(req, {
        name: k.name, public_key: k.public_key, fingerprint: k.fingerprint, user_id: k.user_id, id: k.id,
        created_at: novaTime(k.created_at), updated_at: null, deleted_at: null, deleted: false,
      }, k) });
    }) },
    { method: 'DELETE', pattern: '/v2.1/os-keypairs/{name}', calls: calls('delete'), handler: strictFrom275(['user_id'], (req) => {
      deps.db.prepare('DELETE FROM keypairs WHERE id = ?').run(getKeypair(deps, req).id);
      return isSupported(req, '2.2') ? empty(204) : { status: 202 };
    }) },
  ];
}
