// The operation models' examples (Nova's own lines) land in the stage they name and prove what
// they say; every model's operations are named by the operation rules.
import { describe, expect, it } from 'vitest';
import { OPERATION_MODELS, operationStageOf } from '../../core/operation-models.js';
import { OPERATION_RULES } from '../../core/operations.js';

describe('operation models', () => {
  for (const m of OPERATION_MODELS) {
    describe(m.operations.join('/'), () => {
      it('has operations the rules can name', () => {
        for (const op of m.operations) expect(OPERATION_RULES.map((r) => r.operation)).toContain(op);
      });
      it('places and reads every example as it says', () => {
        expect(m.examples.length).toBeGreaterThan(0);
        for (const ex of m.examples) {
          expect({ message: ex.message, stage: operationStageOf(m, ex.service, ex.message) }).toEqual({ message: ex.message, stage: ex.stage });
          expect({ message: ex.message, completes: m.completed.test(ex.message) }).toEqual({ message: ex.message, completes: ex.completes ?? false });
          if (ex.fails) expect(m.failures.some((f) => f.message.test(ex.message))).toBe(true);
        }
      });
      it('names each stage once, the api first', () => {
        const names = m.stages.map((s) => s.stage);
        expect(names[0]).toBe('api.accepted');
        expect(new Set(names).size).toBe(names.length);
      });
    });
  }
});
