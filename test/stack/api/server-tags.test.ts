// Server tags (microversion 2.26) over real HTTP: the tags API with Nova's codes and messages,
// `tags` in the server views and the four tag filters of the list, each answer checked with
// tempest's 2.26 schemas; nothing of it below 2.26.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOUD } from '../../../stack/db/seed.js';
import { startHarness, type ApiHarness } from './api-harness.js';
import { tempestSchemaError } from './tempest-schema.js';

let h: ApiHarness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

const C = '/compute/v2.1';
const at = (v: string, token?: string) => ({ headers: { 'OpenStack-API-Version': `compute ${v}` }, token });

async function boot(name: string, token?: string): Promise<string> {
  const body = { server: { name, imageRef: DEFAULT_CLOUD.image.id, flavorRef: '1', networks: [{ uuid: DEFAULT_CLOUD.network.id }] } };
  const r = await h.call('POST', `${C}/servers`, body, at('2.1', token));
  expect(r.status, r.text).toBe(202);
  const id = r.body.server.id as string;
  h.db.prepare("UPDATE instances SET vm_state = 'active', task_state = NULL, host = 'cmp1', node = 'cmp1', power_state = 1 WHERE uuid = ?").run(id);
  return id;
}

describe('server tags 2.26', () => {
  it('adds, lists, checks, replaces and deletes tags as Nova answers', async () => {
    const id = await boot('tagged');
    const T = `${C}/servers/${id}/tags`;
    expect((await h.call('GET', T, undefined, at('2.25'))).status).toBe(404);
    const add = await h.call('PUT', `${T}/web`, undefined, at('2.26'));
    expect(add.status).toBe(201);
    expect(add.headers.get('location')).toMatch(new RegExp(`/compute/v2.1/servers/${id}/tags/web$`));
    expect((await h.call('PUT', `${T}/web`, undefined, at('2.26'))).status).toBe(204);
    const list = await h.call('GET', T, undefined, at('2.26'));
    expect(list.body).toEqual({ tags: ['web'] });
    expect(tempestSchemaError('v2_26.servers.list_tags', list)).toBe('');
    const exists = await h.call('GET', `${T}/web`, undefined, at('2.26'));
    expect(tempestSchemaError('v2_26.servers.check_tag_existence', exists)).toBe('');
    const missing = await h.call('GET', `${T}/db`, undefined, at('2.26'));
    expect(missing.status).toBe(404);
    expect(missing.body.itemNotFound.message).toBe(`Server ${id} has no tag 'db'`);

    const all = await h.call('PUT', T, { tags: ['b', 'a', 'b'] }, at('2.26'));
    expect(all.body).toEqual({ tags: ['a', 'b'] });
    expect(tempestSchemaError('v2_26.servers.update_all_tags', all)).toBe('');
    const gone = await h.call('DELETE', `${T}/zzz`, undefined, at('2.26'));
    expect(gone.body.itemNotFound.message).toBe(`Instance ${id} has no tag 'zzz'`);
    expect((await h.call('DELETE', `${T}/a`, undefined, at('2.26'))).status).toBe(204);
    expect((await h.call('GET', T, undefined, at('2.26'))).body.tags).toEqual(['b']);
    const none = await h.call('DELETE', T, undefined, at('2.26'));
    expect(tempestSchemaError('v2_26.servers.delete_all_tags', none)).toBe('');
    expect((await h.call('GET', T, undefined, at('2.26'))).body.tags).toEqual([]);
  });

  it('refuses bad tags, too many tags, a server in the wrong state, an unknown server and another project\'s server', async () => {
    const id = await boot('strict');
    const T = `${C}/servers/${id}/tags`;
    const slash = await h.call('PUT', `${T}/a,b`, undefined, at('2.26'));
    expect(slash.status).toBe(400);
    expect(slash.body.badRequest.message).toBe("Tag 'a,b' is invalid. It must be a non empty string without characters '/' and ','. Validation error message: 'a,b' does not match '^[^,/]*$'");
    const item = await h.call('PUT', T, { tags: ['ok', 'x/y'] }, at('2.26'));
    expect(item.body.badRequest.message).toBe("Invalid input for field/attribute 1. Value: x/y. 'x/y' does not match '^[^,/]*$'");
    expect((await h.call('PUT', T, { tags: 'web' }, at('2.26'))).body.badRequest.message).toBe("Invalid input for field/attribute tags. Value: web. 'web' is not of type 'array'");
    expect((await h.call('PUT', T, {}, at('2.26'))).body.badRequest.message).toBe("'tags' is a required property");
    expect((await h.call('PUT', T, { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, at('2.26'))).status).toBe(400);
    expect((await h.call('PUT', T, { tags: Array.from({ length: 50 }, (_, i) => `t${i}`) }, at('2.26'))).status).toBe(200);
    const over = await h.call('PUT', `${T}/one-more`, undefined, at('2.26'));
    expect(over.body.badRequest.message).toBe('The number of tags exceeded the per-server limit 50');

    h.db.prepare("UPDATE instances SET vm_state = 'building' WHERE uuid = ?").run(id);
    const busy = await h.call('DELETE', T, undefined, at('2.26'));
    expect(busy.status).toBe(409);
    expect(busy.body.conflictingRequest.message).toBe(`Cannot 'delete tags' instance ${id} while it is in vm_state building`);
    expect((await h.call('GET', T, undefined, at('2.26'))).status).toBe(200);

    const unknown = '8f9d4b5c-0000-4000-8000-000000000000';
    expect((await h.call('GET', `${C}/servers/${unknown}/tags`, undefined, at('2.26'))).body.itemNotFound.message).toBe(`Instance ${unknown} has not been mapped to a cell.`);
    const foreign = await h.call('GET', T, undefined, at('2.26', h.demoToken));
    expect(foreign.status).toBe(403);
    expect(foreign.body.forbidden.message).toBe("Policy doesn't allow os_compute_api:os-server-tags:index to be performed.");
  });

  it('shows tags in show, detail and PUT from 2.26 and filters the list by them', async () => {
    const [a, b, c] = [await boot('f-a'), await boot('f-b'), await boot('f-c')];
    await h.call('PUT', `${C}/servers/${a}/tags`, { tags: ['red', 'big'] }, at('2.26'));
    await h.call('PUT', `${C}/servers/${b}/tags`, { tags: ['red'] }, at('2.26'));
    const show = await h.call('GET', `${C}/servers/${a}`, undefined, at('2.26'));
    expect(show.body.server.tags).toEqual(['big', 'red']);
    expect(tempestSchemaError('v2_26.servers.get_server', show)).toBe('');
    expect((await h.call('GET', `${C}/servers/${a}`, undefined, at('2.25'))).body.server).not.toHaveProperty('tags');
    expect(tempestSchemaError('v2_26.servers.list_servers_detail', await h.call('GET', `${C}/servers/detail`, undefined, at('2.26')))).toBe('');
    const put = await h.call('PUT', `${C}/servers/${c}`, { server: { name: 'f-c2' } }, at('2.26'));
    expect(put.body.server.tags).toEqual([]);
    expect(tempestSchemaError('v2_26.servers.update_server', put)).toBe('');

    const mine = new Set([a, b, c]);
    const ids = async (q: string, v = '2.26') => (await h.call('GET', `${C}/servers?${q}`, undefined, at(v))).body.servers.map((s: { id: string }) => s.id).filter((x: string) => mine.has(x)).sort();
    expect(await ids('tags=red,big')).toEqual([a]);
    expect(await ids('tags-any=big,red')).toEqual([a, b].sort());
    expect(await ids('not-tags=red,big')).toEqual([b, c].sort());
    expect(await ids('not-tags-any=big')).toEqual([b, c].sort());
    expect(await ids('tags=red', '2.25')).toEqual([a, b, c].sort());
  });
});
