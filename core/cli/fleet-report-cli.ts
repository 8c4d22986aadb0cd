import type { FleetArgs } from './fleet-args.js';
export async function runIncidentsCommand(_a: FleetArgs, _o: NodeJS.WritableStream, _e: NodeJS.WriteStream): Promise<number> { return 2; }
export async function runStatsCommand(_a: FleetArgs, _o: NodeJS.WritableStream, _e: NodeJS.WriteStream): Promise<number> { return 2; }
