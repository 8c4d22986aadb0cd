// The commands that work over a whole log store (index, incidents, stats): named here, apart
// from their code, so the program's entry can route to them without loading it.
export const FLEET_COMMANDS = ['index', 'incidents', 'stats'] as const;

export function isFleetCommand(argv: readonly string[]): boolean {
  return (FLEET_COMMANDS as readonly string[]).includes(argv[0]);
}
