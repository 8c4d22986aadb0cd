// The environment the openstack/nova CLIs need for the stack's admin user, for nova-trace (the log
// dir) and for nova-stack itself (the state dir: `nova-stack status` works in a shell that sourced it).
import type { StackConfig } from '../common/stack-config.js';
import { apiUrl } from '../common/stack-config.js';

export function openrcLines(cfg: StackConfig): string[] {
  return [
    `export OS_AUTH_URL=${apiUrl(cfg, '/v3')}`,
    'export OS_USERNAME=admin',
    `export OS_PASSWORD=${cfg.adminPassword}`,
    'export OS_PROJECT_NAME=admin',
    'export OS_USER_DOMAIN_NAME=Default',
    'export OS_PROJECT_DOMAIN_NAME=Default',
    'export OS_IDENTITY_API_VERSION=3',
    `export NOVA_TRACE_LOG_DIR=${cfg.logDir}`,
    `export NOVA_STACK_STATE_DIR=${cfg.stateDir}`,
  ];
}
