// Instance.save through the conductor with an expected task state: the compare-and-swap of the
// build's save points. A delete's 'deleting' raises UnexpectedDeletingTaskStateError, another
// state UnexpectedTaskStateError (Nova's "Conflict updating instance" wording), a destroyed row
// InstanceNotFound; a conflict writes nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InstanceDb } from '../../../stack/conductor/instance-db.js';
import { openDb, type Db } from '../../../stack/db/open-db.js';
import { NOVA_SCHEMA } from '../../../stack/db/schema.js';
import { ExpectedError } from '../../../stack/rpc/messaging-errors.js';

const UUID = '4c1f7c52-8f0e-4b7e-9a57-0d3c5e1f2a61';
let dir = '';
let db: Db;
let rows: InstanceDb;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'instance-db-save-'));
  db = openDb(path.join(dir, 'nova.sqlite'), NOVA_SCHEMA);
  rows = new InstanceDb(db);
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  db.prepare('DELETE FROM instances').run();
  db.prepare(`INSERT INTO instances (uuid, name, project_id, user_id, image_ref, flavor_id, vm_state, task_state, host, created_at, updated_at, reservation_id)
    VALUES (?, 'vm', 'p', 'u', 'img', '1', 'building', 'spawning', 'cmp1', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'r-1')`).run(UUID);
});

const setTask = (t: string | null) => db.prepare('UPDATE instances SET task_state = ? WHERE uuid = ?').run(t, UUID);
const caught = (f: () => unknown): ExpectedError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ExpectedError);
    return e as ExpectedError;
  }
  throw new Error('no error raised');
};

describe('InstanceDb.update with an expected task state', () => {
  it('saves when the task state is one of those expected, None included', () => {
    expect(rows.update(UUID, { vm_state: 'active', task_state: null }, ['spawning']).vm_state).toBe('active');
    expect(rows.update(UUID, { task_state: 'networking' }, ['scheduling', null]).task_state).toBe('networking');
  });

  it("a delete's 'deleting': UnexpectedDeletingTaskStateError, and nothing written", () => {
    setTask('deleting');
    const e = caught(() => rows.update(UUID, { vm_state: 'active', task_state: null }, ['spawning']));
    expect(e.excClass).toBe('UnexpectedDeletingTaskStateError');
    expect(e.message).toBe(`Conflict updating instance ${UUID}. Expected: {'task_state': ['spawning']}. Actual: {'task_state': 'deleting'}`);
    expect(rows.get(UUID)).toMatchObject({ vm_state: 'building', task_state: 'deleting' });
  });

  it('another task state: UnexpectedTaskStateError; None shown as Python shows it', () => {
    const e = caught(() => rows.update(UUID, { task_state: null }, ['scheduling', null]));
    expect(e.excClass).toBe('UnexpectedTaskStateError');
    expect(e.message).toBe(`Conflict updating instance ${UUID}. Expected: {'task_state': ['scheduling', None]}. Actual: {'task_state': 'spawning'}`);
    setTask(null);
    expect(caught(() => rows.update(UUID, {}, ['spawning'])).message).toContain("Actual: {'task_state': None}");
  });

  it('a destroyed instance: InstanceNotFound, with or without an expected state', () => {
    rows.destroy(UUID);
    for (const expected of [['spawning'], undefined]) {
      const e = caught(() => rows.update(UUID, { task_state: null }, expected));
      expect(e.excClass).toBe('InstanceNotFound');
      expect(e.message).toBe(`Instance ${UUID} could not be found.`);
    }
  });

  it('without an expected state it saves whatever the task state (a plain instance.save())', () => {
    setTask('deleting');
    expect(rows.update(UUID, { host: null, node: null })).toMatchObject({ host: null, task_state: 'deleting' });
  });
});
