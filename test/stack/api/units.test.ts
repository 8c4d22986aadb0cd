// Pure pieces of the api process: route precedence, Nova's status map, IP allocation, password
// masking in logged bodies, and microversion negotiation.
import { describe, expect, it } from 'vitest';
import { MAX_VERSION, negotiateMicroversion } from '../../../stack/api/compute/microversion.js';
import { serverStatus } from '../../../stack/api/compute/server-view.js';
import { boundMethod, maskPassword } from '../../../stack/api/compute/wsgi-log.js';
import type { ApiRequest } from '../../../stack/api/http/request.js';
import { Router } from '../../../stack/api/http/router.js';
import { allocationPool, nextFreeIp } from '../../../stack/api/network/ip-allocation.js';

describe('Router', () => {
  const handler = () => ({ status: 200 });
  const router = new Router([
    { method: 'GET', pattern: '/v2.1/servers/{id}', handler, calls: 'by-id' },
    { method: 'GET', pattern: '/v2.1/servers/detail', handler, calls: 'detail' },
    { method: 'POST', pattern: '/v2.1/servers/{id}/action', handler, calls: 'action' },
  ]);
  it.each([
    ['GET', '/v2.1/servers/detail', 'detail', {}],
    ['GET', '/v2.1/servers/abc', 'by-id', { id: 'abc' }],
    ['HEAD', '/v2.1/servers/abc', 'by-id', { id: 'abc' }],
    ['POST', '/v2.1/servers/a%20b/action', 'action', { id: 'a b' }],
  ])('%s %s → %s', (method, p, calls, params) => {
    const r = router.lookup(method, p);
    expect(r.kind).toBe('match');
    if (r.kind === 'match') expect([r.match.route.calls, r.match.params]).toEqual([calls, params]);
  });
  it('tells a wrong method from an unknown path', () => {
    expect(router.lookup('DELETE', '/v2.1/servers/detail').kind).toBe('wrong-method');
    expect(router.lookup('GET', '/v2.1/nothing').kind).toBe('none');
  });
});

describe('server status', () => {
  it.each([
    ['building', 'scheduling', 'BUILD'], ['building', 'spawning', 'BUILD'], ['active', null, 'ACTIVE'], ['active', 'rebooting', 'REBOOT'],
    ['active', 'rebooting_hard', 'HARD_REBOOT'], ['active', 'powering-off', 'ACTIVE'], ['active', 'deleting', 'ACTIVE'], ['active', 'resize_prep', 'RESIZE'],
    ['stopped', null, 'SHUTOFF'], ['stopped', 'powering-on', 'SHUTOFF'], ['resized', null, 'VERIFY_RESIZE'], ['error', null, 'ERROR'],
    ['paused', null, 'PAUSED'], ['suspended', null, 'SUSPENDED'], ['rescued', null, 'RESCUE'], ['deleted', null, 'DELETED'],
  ])('%s/%s is %s', (vm, task, status) => {
    expect(serverStatus(vm, task)).toBe(status);
  });
});

describe('IP allocation', () => {
  const subnet = { id: 's', network_id: 'n', name: 's', cidr: '10.0.0.0/24', gateway_ip: '10.0.0.1', ip_version: 4 };
  it('skips the gateway and used addresses, and ends when the pool is exhausted', () => {
    expect(allocationPool('10.0.0.0/24')).toEqual({ start: '10.0.0.1', end: '10.0.0.254' });
    expect(nextFreeIp(subnet, new Set())).toBe('10.0.0.2');
    expect(nextFreeIp(subnet, new Set(['10.0.0.2', '10.0.0.3']))).toBe('10.0.0.4');
    const all = new Set(Array.from({ length: 253 }, (_, i) => `10.0.0.${i + 2}`));
    expect(nextFreeIp(subnet, all)).toBeNull();
  });
});

describe('wsgi logging', () => {
  it('masks passwords as oslo does', () => {
    expect(maskPassword('{"server": {"name": "a", "adminPass": "x\\"y"}, "auth": {"password":"p"}}'))
      .toBe('{"server": {"name": "a", "adminPass": "***"}, "auth": {"password":"***"}}');
  });
  it('prints a bound method as Python 3 does', () => {
    expect(boundMethod('flavor_manage.FlavorManageController._create'))
      .toMatch(/^<bound method FlavorManageController\._create of <nova\.api\.openstack\.compute\.flavor_manage\.FlavorManageController object at 0x7f[0-9a-f]{10}>>$/);
  });
});

describe('microversion negotiation', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as ApiRequest;
  it.each([
    [{}, '2.1'], [{ 'x-openstack-nova-api-version': '2.1' }, '2.1'], [{ 'openstack-api-version': 'compute latest' }, MAX_VERSION],
    [{ 'openstack-api-version': 'placement 1.3, compute 2.1' }, '2.1'], [{ 'x-openstack-nova-api-version': '2.2' }, '2.2'],
    [{ 'openstack-api-version': 'compute 2.2', 'x-openstack-nova-api-version': '2.1' }, '2.2'],
  ])('%j → %s', (headers, version) => {
    expect(negotiateMicroversion(req(headers))).toBe(version);
  });
  it.each([[{ 'x-openstack-nova-api-version': '2.999' }, 406], [{ 'x-openstack-nova-api-version': '2.0' }, 406], [{ 'openstack-api-version': 'compute 2' }, 400]])('%j → %i', (headers, status) => {
    expect(() => negotiateMicroversion(req(headers))).toThrow(expect.objectContaining({ status }));
  });
});
