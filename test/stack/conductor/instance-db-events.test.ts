// Instance action events in the nova database: each records the host of the service that ran it
// (the compute's, or the conductor's CONF.host), as Nova's EventReporter passes it, which the
// API shows from microversion 2.62.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstanceDb } from '../../../stack/conductor/instance-db.js';
import { openDb, type Db } from '../../../stack/db/open-db.js';
import { NOVA_SCHEMA } from '../../../stack/db/schema.js';

let dir = '';
let db: Db;
let rows: InstanceDb;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instance-db-events-'));
  db = openDb(path.join(dir, 'nova.sqlite'), NOVA_SCHEMA);
  rows = new InstanceDb(db);
  db.prepare("INSERT INTO instance_actions (instance_uuid, action, request_id, start_time) VALUES ('inst-1', 'create', 'req-1', '2026-01-01T00:00:00Z')").run();
});

afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const events = () => db.prepare('SELECT event, host, result FROM instance_actions_events ORDER BY id').all();

describe('instance action events', () => {
  it('keep the host given at their start through their finish', () => {
    rows.eventStart('inst-1', 'req-1', 'compute_build_and_run_instance', 'cmp1');
    rows.eventFinish('inst-1', 'req-1', 'compute_build_and_run_instance', 'Success', null, 'cmp1');
    expect(events()).toEqual([{ event: 'compute_build_and_run_instance', host: 'cmp1', result: 'Success' }]);
  });

  it('record the finishing host on an event whose start was never written', () => {
    rows.eventFinish('inst-1', 'req-1', 'compute_terminate_instance', 'Error', 'tb', 'cmp2');
    expect(events()).toContainEqual({ event: 'compute_terminate_instance', host: 'cmp2', result: 'Error' });
  });

  it('belong to no action of another request', () => {
    rows.eventStart('inst-1', 'req-other', 'compute_stop_instance', 'cmp1');
    expect(events()).not.toContainEqual(expect.objectContaining({ event: 'compute_stop_instance' }));
  });
});
