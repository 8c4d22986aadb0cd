// keystonemiddleware's auth_token in front of placement: every request but the version document
// carries an X-Auth-Token that keystone must vouch for. Placement asks keystone
// (GET /v3/auth/tokens with the token as X-Subject-Token) under its own service user's token;
// keystone's 404 means an unknown, expired or revoked token. There is no token cache, so a
// revoked token is refused at once (keystonemiddleware may keep a valid answer for
// token_cache_time, 300 s by default).

import type { OsloLogger } from '../common/oslo-logger.js';
import { authedJson, type TokenSource } from '../common/service-auth.js';

export interface ValidatedToken {
  userId: string;
  projectId: string;
  roles: string[];
}

export type Validation = { kind: 'valid'; token: ValidatedToken } | { kind: 'invalid' } | { kind: 'unavailable' };

interface TokenBody {
  token?: { user?: { id?: string }; project?: { id?: string }; roles?: { name?: string }[] };
}

export class AuthToken {
  private readonly log: OsloLogger;

  constructor(private readonly identityUrl: string, private readonly auth: TokenSource, rootLog: OsloLogger) {
    this.log = rootLog.child('keystonemiddleware.auth_token');
  }

  async validate(token: string | undefined): Promise<Validation> {
    if (!token) {
      this.log.info(null, null, 'Rejecting request');
      return { kind: 'invalid' };
    }
    let r;
    try {
      r = await authedJson<TokenBody>(this.auth, 'GET', `${this.identityUrl}/auth/tokens`, undefined, { headers: { 'X-Subject-Token': token }, timeoutMs: 10_000 });
    } catch (e) {
      this.log.error(null, null, `Bad response code while validating token: ${(e as Error).message}`);
      return { kind: 'unavailable' };
    }
    if (r.status === 404) {
      this.log.info(null, null, 'Invalid user token');
      this.log.info(null, null, 'Rejecting request');
      return { kind: 'invalid' };
    }
    const t = r.body?.token;
    if (r.status !== 200 || !t?.user?.id || !t.project?.id) {
      this.log.error(null, null, `Bad response code while validating token: ${r.status}`);
      return { kind: 'unavailable' };
    }
    return { kind: 'valid', token: { userId: t.user.id, projectId: t.project.id, roles: (t.roles ?? []).map((x) => x.name ?? '').filter(Boolean) } };
  }
}
