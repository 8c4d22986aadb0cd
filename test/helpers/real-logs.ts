// Where the real deployments' logs live (../shared/real-logs beside the checkout).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REAL_LOGS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/real-logs');
export const realLogDir = (name: string) => path.join(REAL_LOGS, name);
