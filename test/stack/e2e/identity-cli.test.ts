// The identity admin commands of the real `openstack` CLI against a running stack: a second
// project, user and grant made as an operator would, the new user's own token and quota view,
// and the clean-up commands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => { stack = await stackUp(1); }, 270_000);
afterAll(() => stack?.down(), 90_000);

describe('openstack project/user/role against keystone-lite', () => {
  it('creates alt_demo, grants member, and the user works in its own project', async () => {
    const ok = async (...args: string[]) => {
      const r = await stack.openstack(...args);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
      return r.out;
    };
    const project = JSON.parse(await ok('project', 'create', '--description', 'second', 'alt_demo', '-f', 'json')) as { id: string; name: string };
    expect(project.name).toBe('alt_demo');
    await ok('user', 'create', '--project', 'alt_demo', '--password', 'alt-secret', 'alt_demo');
    await ok('role', 'add', '--project', 'alt_demo', '--user', 'alt_demo', 'member');
    const assignments = JSON.parse(await ok('role', 'assignment', 'list', '--project', 'alt_demo', '--names', '-f', 'json')) as { Role: string; User: string }[];
    expect(assignments).toEqual([expect.objectContaining({ Role: 'member', User: 'alt_demo@Default' })]);
    const asAlt = { ...stack.env, OS_USERNAME: 'alt_demo', OS_PASSWORD: 'alt-secret', OS_PROJECT_NAME: 'alt_demo' };
    const saved = { ...stack.env };
    Object.assign(stack.env, asAlt);
    try {
      const token = JSON.parse(await ok('token', 'issue', '-f', 'json')) as { project_id: string };
      expect(token.project_id).toBe(project.id);
      expect(JSON.parse(await ok('server', 'list', '-f', 'json'))).toEqual([]);
      expect((await stack.openstack('user', 'list')).code).toBe(1);
    } finally {
      Object.assign(stack.env, saved);
    }
    await ok('role', 'remove', '--project', 'alt_demo', '--user', 'alt_demo', 'member');
    await ok('user', 'delete', 'alt_demo');
    await ok('project', 'delete', 'alt_demo');
    expect((await stack.openstack('project', 'show', 'alt_demo')).code).toBe(1);
  }, 240_000);
});
