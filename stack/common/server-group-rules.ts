// A server group's rules as Nova's InstanceGroup.rules gives them: the stored JSON read back
// with max_server_per_host as an integer (the API takes it as a number or a digit string) and
// nothing else; {} for a group without rules (every group made below 2.64).

export interface GroupRules { max_server_per_host?: number }

export function groupRules(stored: string | null | undefined): GroupRules {
  const raw = stored ? JSON.parse(stored) as Record<string, unknown> : {};
  return 'max_server_per_host' in raw ? { max_server_per_host: Number.parseInt(String(raw.max_server_per_host), 10) } : {};
}
