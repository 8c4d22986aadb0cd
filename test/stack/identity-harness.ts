// keystone-lite alone (the real identity app and dispatcher of the api process) on cfg.ports.api
// with a seeded nova database at cfg.db, for tests of services that need a keystone to
// validate tokens (placement) without the rest of the api process.
import http from 'node:http';
import path from 'node:path';
import type { ApiDeps } from '../../stack/api/api-deps.js';
import { createDispatcher } from '../../stack/api/http/dispatch.js';
import { identityApp } from '../../stack/api/identity/identity-app.js';
import { TokenStore } from '../../stack/api/identity/token-store.js';
import { FileSink, OsloLogger } from '../../stack/common/oslo-logger.js';
import { apiUrl, type StackConfig } from '../../stack/common/stack-config.js';
import { openDb, type Db } from '../../stack/db/open-db.js';
import { NOVA_SCHEMA } from '../../stack/db/schema.js';
import { seedDefaultCloud } from '../../stack/db/seed.js';

export interface Identity {
  db: Db;
  /** A project-scoped token of `user` (password auth, as the CLIs do). */
  issue(user: string, password: string, project: string): Promise<string>;
  close(): Promise<void>;
}

export async function issueToken(identityBase: string, user: string, password: string, project: string): Promise<string> {
  const domain = { name: 'Default' };
  const r = await fetch(`${identityBase}/v3/auth/tokens`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: user, password, domain } } }, scope: { project: { name: project, domain } } } }),
  });
  const token = r.headers.get('x-subject-token');
  if (r.status !== 201 || !token) throw new Error(`token for ${user}: ${r.status} ${await r.text()}`);
  return token;
}

export async function startIdentity(cfg: StackConfig): Promise<Identity> {
  const db = openDb(cfg.db, NOVA_SCHEMA);
  seedDefaultCloud(db, cfg.adminPassword, cfg.servicePassword);
  const tokens = new TokenStore(db);
  const keystone = new OsloLogger('root', new FileSink(path.join(cfg.logDir, 'keystone.log')));
  const deps = { cfg, db, tokens, baseUrl: apiUrl(cfg, ''), logs: { keystone } } as unknown as ApiDeps;
  const server = http.createServer(createDispatcher({ apps: [identityApp(deps)], tokens, identityUri: apiUrl(cfg, '/v3') }));
  await new Promise<void>((resolve) => server.listen(cfg.ports.api, '127.0.0.1', resolve));
  return {
    db,
    issue: (user, password, project) => issueToken(apiUrl(cfg, ''), user, password, project),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      keystone.flush();
      db.close();
    },
  };
}
