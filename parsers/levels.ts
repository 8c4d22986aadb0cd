// Level names as they appear in Nova logs, mapped onto the record's level vocabulary.
import type { Level } from './record.js';

export const LEVEL_BY_NAME: Readonly<Record<string, Level>> = {
  TRACE: 'TRACE', DEBUG: 'DEBUG', INFO: 'INFO', AUDIT: 'AUDIT',
  WARNING: 'WARNING', WARN: 'WARNING', ERROR: 'ERROR', CRITICAL: 'CRITICAL', FATAL: 'CRITICAL',
};
