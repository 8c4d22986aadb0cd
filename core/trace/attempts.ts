// Splits a boot into attempts and puts every record in a stage. An attempt is one pass of
// scheduling plus the build on the host chosen; a new one begins when scheduling records
// follow compute records (a reschedule), or when compute records come from another host
// with no scheduler lines between (INFO-level logs do not show the scheduler).

import type { StageName } from '../stage-names.js';
import { FIRST_COMPUTE_STAGE, stageOf, STICKY_SERVICE } from '../stages.js';
import type { CollectedRecord } from './collect.js';

export interface PlacedRecord {
  rec: CollectedRecord;
  attempt: number;
  stage: StageName | null;
}

export interface AttemptInfo {
  attempt: number;
  host: string | null;
}

const SCHEDULING = new Set(['scheduler', 'placement']);

export function placeRecords(sorted: readonly CollectedRecord[]): { placed: PlacedRecord[]; attempts: AttemptInfo[] } {
  const attempts: AttemptInfo[] = [{ attempt: 1, host: null }];
  const placed: PlacedRecord[] = [];
  let computeSeen = false;
  let current: StageName = FIRST_COMPUTE_STAGE;
  for (const rec of sorted) {
    let cur = attempts[attempts.length - 1];
    if (SCHEDULING.has(rec.service) && computeSeen) {
      cur = { attempt: cur.attempt + 1, host: null };
      attempts.push(cur);
      computeSeen = false;
      current = FIRST_COMPUTE_STAGE;
    }
    if (rec.service === STICKY_SERVICE) {
      if (cur.host === null) cur.host = rec.host ?? 'compute';
      else if (rec.host !== null && rec.host !== cur.host && !rec.joinedBy.startsWith('instance')) {
        cur = { attempt: cur.attempt + 1, host: rec.host };
        attempts.push(cur);
        current = FIRST_COMPUTE_STAGE;
      }
      computeSeen = true;
    }
    const named = stageOf(rec.service, rec.logger, rec.message);
    let stage: StageName | null = named;
    if (rec.service === STICKY_SERVICE) {
      stage = named ?? current;
      // Only forward moves change the host's current stage: network events arrive late and asynchronously.
      if (named && named !== 'compute.network') current = named;
    }
    placed.push({ rec, attempt: cur.attempt, stage });
  }
  return { placed, attempts: attempts.filter((a, i) => i === 0 || placed.some((p) => p.attempt === a.attempt)) };
}
