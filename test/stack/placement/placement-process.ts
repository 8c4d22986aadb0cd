// A second placement server in its own OS process on the same SQLite file, for the
// cross-process claim race: `node --import tsx placement-process.ts <port> <db> <log> <identity url> <token>`
// (the token is placement's own, for validating callers' tokens with keystone).
// Prints "ready" once listening; exits when its stdin closes.
import { FileSink, OsloLogger } from '../../../stack/common/oslo-logger.js';
import { openDb } from '../../../stack/db/open-db.js';
import { PLACEMENT_SCHEMA } from '../../../stack/db/schema.js';
import { staticToken } from '../../../stack/common/service-auth.js';
import { AuthToken } from '../../../stack/placement/auth-token.js';
import { createPlacementServer } from '../../../stack/placement/placement-service.js';

const [port, dbFile, logFile, identityUri, token] = process.argv.slice(2);
const db = openDb(dbFile, PLACEMENT_SCHEMA);
const log = new OsloLogger('root', new FileSink(logFile));
const server = createPlacementServer(db, log, { auth: new AuthToken(identityUri, staticToken(token), log), identityUri });
server.listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
process.stdin.resume();
process.stdin.on('end', () => {
  server.closeAllConnections();
  server.close(() => { db.close(); log.flush(); process.exit(0); });
});
