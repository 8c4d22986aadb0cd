// Routes are data: {method, pattern, handler} with `{name}` placeholders. A path is matched
// against every pattern of its service; when several match, the one with the fewest
// placeholders wins, so `/servers/detail` beats `/servers/{id}` whatever the table order.

import type { ApiReply } from './reply.js';
import type { ApiRequest } from './request.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
export type Handler = (req: ApiRequest) => ApiReply | Promise<ApiReply>;

export interface Route {
  method: Method;
  pattern: string;
  handler: Handler;
  /**
   * The Python method Nova's wsgi layer logs as called, `<module>.<Class>.<method>` relative
   * to nova.api.openstack.compute (e.g. `servers.ServersController.show`), with the routing
   * action when it differs from the method name.
   */
  calls?: string;
  action?: string;
  /** The microversions the method serves ([min, max], as @wsgi.api_version declares them); 404 outside. */
  versions?: readonly [string, string?];
}

interface Compiled { route: Route; regex: RegExp; names: string[] }

export interface Match { route: Route; params: Record<string, string> }
export type Lookup = { kind: 'match'; match: Match } | { kind: 'wrong-method' } | { kind: 'none' };

export class Router {
  private readonly compiled: Compiled[];

  constructor(readonly routes: readonly Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.pattern.split('/').map((seg) => {
        const m = /^\{(\w+)\}$/.exec(seg);
        if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(m[1]);
        return '([^/]+)';
      }).join('/');
      return { route, regex: new RegExp(`^${source}$`), names };
    });
  }

  lookup(method: string, path: string): Lookup {
    let best: { c: Compiled; m: RegExpExecArray } | null = null;
    let pathKnown = false;
    const wanted = method === 'HEAD' ? ['HEAD', 'GET'] : [method];
    for (const c of this.compiled) {
      const m = c.regex.exec(path);
      if (!m) continue;
      pathKnown = true;
      if (!wanted.includes(c.route.method)) continue;
      const better = !best || c.names.length < best.c.names.length || (c.names.length === best.c.names.length && c.route.method === method && best.c.route.method !== method);
      if (better) best = { c, m };
    }
    if (!best) return pathKnown ? { kind: 'wrong-method' } : { kind: 'none' };
    const params: Record<string, string> = {};
    best.c.names.forEach((n, i) => { params[n] = decodeURIComponent(best!.m[i + 1]); });
    return { kind: 'match', match: { route: best.c.route, params } };
  }
}
