// Flavors: list, detail (is_public=None/True/False for admins), show, extra specs, and the
// admin-only create/delete (and from 2.55 the description's update) of flavor_manage; from 2.61
// the detailed answers carry the extra specs. Names given where an id is expected answer 404,
// which is how the clients find a flavor by name.

import { strictFrom275 } from './strict-query.js';
import { randomUUID } from 'node:crypto';
import type { Flavor } from '../../common/objects.js';
import type { ApiDeps } from '../api-deps.js';
import { badRequest, conflict, notFound } from '../http/api-error.js';
import { ok, type ApiReply } from '../http/reply.js';
import { bodyObject, booleanValue, integerField, isObject, requiredString, type ApiRequest } from '../http/request.js';
import type { Route } from '../http/router.js';
import { allows } from '../../common/policy.js';
import { links } from './formats.js';
import { isSupported } from './microversion.js';
import { COMPUTE_POLICY } from './policy.js';
import { createDescription, descriptionView, saveDescription, updateDescription } from './flavor-description.js';
import { validateExtraSpec } from './extra-spec-validators.js';
import { limitAndMarker, MAX_LIMIT, nextLink } from './pagination.js';

export interface FlavorRow {
  id: string; name: string; memory_mb: number; vcpus: number; root_gb: number; ephemeral_gb: number; swap: number;
  rxtx_factor: number; is_public: number; disabled: number; extra_specs: string; description: string | null;
}

export function flavorObject(f: FlavorRow): Flavor {
  return {
    id: f.id, name: f.name, memory_mb: f.memory_mb, vcpus: f.vcpus, root_gb: f.root_gb, ephemeral_gb: f.ephemeral_gb, swap: f.swap,
    extra_specs: JSON.parse(f.extra_specs || '{}') as Record<string, string>,
  };
}

/** 2.61: the extra specs in the flavor, when os_compute_api:os-flavor-extra-specs:index allows the caller. */
const EXTRA_SPECS_INDEX = COMPUTE_POLICY['GET /v2.1/flavors/{id}/os-extra_specs'];
const showsExtraSpecs = (req: ApiRequest) => isSupported(req, '2.61') && allows(EXTRA_SPECS_INDEX.rule, req.ctx);

function view(deps: ApiDeps, req: ApiRequest, f: FlavorRow) {
  return {
    id: f.id, name: f.name, ram: f.memory_mb, vcpus: f.vcpus, disk: f.root_gb, swap: f.swap === 0 && !isSupported(req, '2.75') ? '' : f.swap,
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeral_gb, 'OS-FLV-DISABLED:disabled': f.disabled === 1,
    'os-flavor-access:is_public': f.is_public === 1, rxtx_factor: f.rxtx_factor, links: links(deps.baseUrl, 'flavors', f.id),
    ...descriptionView(req, f.description), ...(showsExtraSpecs(req) ? { extra_specs: specsOf(f) } : {}),
  };
}

/** The flavor `id` if the caller may use it, else null. */
export function lookupFlavor(deps: ApiDeps, req: ApiRequest, id: string): FlavorRow | null {
  const f = deps.db.prepare('SELECT * FROM flavors WHERE id = ?').get(id) as FlavorRow | undefined;
  return f && (f.is_public === 1 || req.ctx.isAdmin) ? f : null;
}

function getFlavor(deps: ApiDeps, req: ApiRequest): FlavorRow {
  const f = lookupFlavor(deps, req, req.params.id);
  if (!f) throw notFound(`Flavor ${req.params.id} could not be found.`);
  return f;
}

/** Nova's is_public filter: admins may ask for None (all), True or False; others see public ones. */
function publicFilter(req: ApiRequest): boolean | null {
  const raw = req.query.get('is_public');
  if (!req.ctx.isAdmin) return true;
  if (raw === null) return true;
  if (raw.toLowerCase() === 'none') return null;
  return booleanValue(raw, 'is_public');
}

function listed(deps: ApiDeps, req: ApiRequest): FlavorRow[] {
  const pub = publicFilter(req);
  const minRam = Number(req.query.get('minRam') ?? 0);
  const minDisk = Number(req.query.get('minDisk') ?? 0);
  return (deps.db.prepare('SELECT * FROM flavors ORDER BY id').all() as FlavorRow[])
    .filter((f) => pub === null || (f.is_public === 1) === pub)
    .filter((f) => f.memory_mb >= minRam && f.root_gb >= minDisk);
}

/** A page of the list (after `marker`, at most `limit` or [api]max_limit) with the next link when full. */
function page(deps: ApiDeps, req: ApiRequest, collection: string, view: (f: FlavorRow) => Record<string, unknown>): ApiReply {
  let rows = listed(deps, req);
  const { limit, marker } = limitAndMarker(req);
  if (marker !== undefined) {
    const at = rows.findIndex((f) => f.id === marker);
    if (at < 0) throw badRequest(`marker [${marker}] not found`);
    rows = rows.slice(at + 1);
  }
  const max = Math.min(limit ?? MAX_LIMIT, MAX_LIMIT);
  rows = rows.slice(0, max);
  const out: Record<string, unknown> = { flavors: rows.map(view) };
  if (rows.length && rows.length === max) out.flavors_links = nextLink(deps.baseUrl, collection, req, rows[rows.length - 1].id);
  return ok(out);
}

function createFlavor(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const body = bodyObject(req, 'flavor');
    const name = requiredString(body, 'name');
    const ram = integerField(body, 'ram', { min: 1, required: true });
    const vcpus = integerField(body, 'vcpus', { min: 1, required: true });
    const disk = integerField(body, 'disk', { min: 0, required: true });
    const swap = integerField(body, 'swap', { min: 0 });
    const ephemeral = integerField(body, 'OS-FLV-EXT-DATA:ephemeral', { min: 0 });
    const rxtx = body.rxtx_factor === undefined ? 1.0 : Number(body.rxtx_factor);
    if (!(rxtx > 0)) throw badRequest(`Invalid input for field/attribute rxtx_factor. Value: ${String(body.rxtx_factor)}.`);
    const isPublic = body['os-flavor-access:is_public'] === undefined ? true : booleanValue(body['os-flavor-access:is_public'], 'os-flavor-access:is_public');
    const id = body.id === undefined || body.id === null ? randomUUID() : String(body.id);
    const description = createDescription(req, body);
    if (deps.db.prepare('SELECT 1 FROM flavors WHERE name = ?').get(name)) throw conflict(`Flavor with name ${name} already exists.`);
    if (deps.db.prepare('SELECT 1 FROM flavors WHERE id = ?').get(id)) throw conflict(`Flavor with ID ${id} already exists.`);
    deps.db.prepare(`INSERT INTO flavors (id, name, memory_mb, vcpus, root_gb, ephemeral_gb, swap, rxtx_factor, is_public, description)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(id, name, ram, vcpus, disk, ephemeral, swap, rxtx, isPublic ? 1 : 0, description);
    return ok({ flavor: view(deps, req, getFlavor(deps, { ...req, params: { id } })) });
  };
}

function deleteFlavor(deps: ApiDeps) {
  return (req: ApiRequest): ApiReply => {
    const f = getFlavor(deps, req);
    deps.db.prepare('DELETE FROM flavors WHERE id = ?').run(f.id);
    return { status: 202 };
  };
}

const specsOf = (f: FlavorRow) => JSON.parse(f.extra_specs || '{}') as Record<string, string>;

function saveSpecs(deps: ApiDeps, f: FlavorRow, specs: Record<string, string>): void {
  deps.db.prepare('UPDATE flavors SET extra_specs = ? WHERE id = ?').run(JSON.stringify(specs), f.id);
}

function stringSpecs(v: unknown, field: string): Record<string, string> {
  if (!isObject(v)) throw badRequest(`Invalid input for field/attribute ${field}. Value: ${JSON.stringify(v ?? null)}. ${JSON.stringify(v ?? null)} is not of type 'object'`);
  return Object.fromEntries(Object.entries(v).map(([k, val]) => [k, String(val)]));
}

/** _check_extra_specs_value: from 2.86 each spec passes Nova's extra spec validators, before the flavor is looked up. */
function checkSpecValues(req: ApiRequest, specs: Record<string, string>): void {
  if (!isSupported(req, '2.86')) return;
  for (const [name, value] of Object.entries(specs)) validateExtraSpec(name, value);
}

function extraSpecRoutes(deps: ApiDeps): Route[] {
  const base = '/v2.1/flavors/{id}/os-extra_specs';
  const calls = (m: string) => `flavors_extraspecs.FlavorExtraSpecsController.${m}`;
  const oneKey = (req: ApiRequest) => {
    const specs = specsOf(getFlavor(deps, req));
    if (!(req.params.key in specs)) throw notFound(`Flavor ${req.params.id} has no extra specs with key ${req.params.key}.`);
    return specs;
  };
  return [
    { method: 'GET', pattern: base, calls: calls('index'), handler: (req) => ok({ extra_specs: specsOf(getFlavor(deps, req)) }) },
    { method: 'POST', pattern: base, calls: calls('create'), handler: (req) => {
      const added = stringSpecs(isObject(req.body) ? req.body.extra_specs : undefined, 'extra_specs');
      checkSpecValues(req, added);
      const f = getFlavor(deps, req);
      saveSpecs(deps, f, { ...specsOf(f), ...added });
      return ok({ extra_specs: added });
    } },
    { method: 'GET', pattern: `${base}/{key}`, calls: calls('show'), handler: (req) => ok({ [req.params.key]: oneKey(req)[req.params.key] }) },
    { method: 'PUT', pattern: `${base}/{key}`, calls: calls('update'), handler: (req) => {
      const body = stringSpecs(req.body, 'extra_specs');
      checkSpecValues(req, body);
      if (!(req.params.key in body) || Object.keys(body).length !== 1) throw badRequest('Request body and URI mismatch');
      const f = getFlavor(deps, req);
      saveSpecs(deps, f, { ...specsOf(f), ...body });
      return ok(body);
    } },
    { method: 'DELETE', pattern: `${base}/{key}`, calls: calls('delete'), handler: (req) => {
      const specs = oneKey(req);
      delete specs[req.params.key];
      saveSpecs(deps, getFlavor(deps, req), specs);
      return { status: 200 };
    } },
  ];
}

/** flavors.index_query: what GET /flavors[/detail] reads. */
const FLAVOR_QUERY = ['limit', 'marker', 'is_public', 'minRam', 'minDisk', 'sort_key', 'sort_dir'];

export function flavorRoutes(deps: ApiDeps): Route[] {
  return [
    { method: 'GET', pattern: '/v2.1/flavors', calls: 'flavors.FlavorsController.index',
      handler: strictFrom275(FLAVOR_QUERY, (req) => page(deps, req, 'flavors', (f) => ({ id: f.id, name: f.name, links: links(deps.baseUrl, 'flavors', f.id), ...descriptionView(req, f.description) }))) },
    { method: 'GET', pattern: '/v2.1/flavors/detail', calls: 'flavors.FlavorsController.detail',
      handler: strictFrom275(FLAVOR_QUERY, (req) => page(deps, req, 'flavors/detail', (f) => view(deps, req, f))) },
    { method: 'GET', pattern: '/v2.1/flavors/{id}', calls: 'flavors.FlavorsController.show', handler: (req) => ok({ flavor: view(deps, req, getFlavor(deps, req)) }) },
    { method: 'PUT', pattern: '/v2.1/flavors/{id}', calls: 'flavors.FlavorsController.update', versions: ['2.55'], handler: (req) => {
      const description = updateDescription(req);
      const f = getFlavor(deps, req);
      saveDescription(deps, f.id, description);
      return ok({ flavor: view(deps, req, getFlavor(deps, req)) });
    } },
    { method: 'POST', pattern: '/v2.1/flavors', calls: 'flavor_manage.FlavorManageController._create', handler: createFlavor(deps) },
    { method: 'DELETE', pattern: '/v2.1/flavors/{id}', calls: 'flavor_manage.FlavorManageController._delete', handler: deleteFlavor(deps) },
    ...extraSpecRoutes(deps),
  ];
}
