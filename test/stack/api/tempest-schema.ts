// Checks a response against one of tempest's compute response schemas (Debian python3-tempest)
// with tempest's own RestClient.validate_response, as tempest's service clients do.
import { spawnSync } from 'node:child_process';

const SCRIPT = `
import importlib, json, sys
from tempest.lib.common import rest_client
mod, attr = sys.argv[1].rsplit('.', 1)
schema = getattr(importlib.import_module('tempest.lib.api_schema.response.compute.' + mod), attr)
doc = json.load(sys.stdin)
class Resp(dict):
    pass
resp = Resp(doc['headers'])
resp.status = doc['status']
try:
    rest_client.RestClient.validate_response(schema, resp, doc['body'])
except Exception as e:
    print(type(e).__name__ + ': ' + str(e))
    sys.exit(1)
`;

/** '' when `reply` satisfies `schema` (e.g. 'v2_3.servers.get_server'), else tempest's complaint. */
export function tempestSchemaError(schema: string, reply: { status: number; body: unknown; headers?: Headers }): string {
  const headers: Record<string, string> = {};
  reply.headers?.forEach((v, k) => { headers[k] = v; });
  const r = spawnSync('/usr/bin/python3', ['-c', SCRIPT, schema], { input: JSON.stringify({ status: reply.status, body: reply.body ?? '', headers }), encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 ? '' : (r.stdout || r.stderr || `/usr/bin/python3 exited ${r.status}`).trim();
}
