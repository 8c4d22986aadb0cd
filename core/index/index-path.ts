// Where the index lives by default. Kept apart from index-db.ts so that a trace without an
// index never loads SQLite's native module.

import os from 'node:os';
import path from 'node:path';

export function defaultIndexPath(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(cache, 'nova-trace', 'index.sqlite');
}
