import { refusal, runSaga, unavailable } from './testing/scripted-world';
import { StepResponse, type CompensationContext, type SagaDefinition, type SagaStep } from './saga.types';
import { undo } from './saga.undo';
import { sagaView } from './saga.view';

type Seen = { step: string; input: unknown; stepKey: string };

/** Steps that say what they did; their compensations record what they were told. */
function saga(told: Seen[], failAt: string): SagaDefinition {
  const step = (id: string, half = false): SagaStep => ({
    id,
    deadlineMs: 50,
    retry: { attempts: 1, backoffMs: 1 },
    async invoke(ctx) {
      const answer = await ctx.call<{ ref: string }>(`p.${id}`, {});
      if (half) await new Promise((r) => setTimeout(r, 200)); // the participant acted; its answer never arrives
      return new StepResponse({ [id]: answer.ref }, { ref: answer.ref });
    },
    async compensate(ctx: CompensationContext) {
      told.push({ step: id, input: ctx.compensateInput, stepKey: ctx.stepKey });
    },
  });
  return {
    type: 'test',
    compensationRetry: { attempts: 2, backoffMs: 1 },
    steps: [step('a'), step('b', failAt === 'b-half'), step('c')],
  };
}

describe('step responses', () => {
  it('the compensateInput a step returns is kept with its record and handed to its compensation', async () => {
    const told: Seen[] = [];
    const { doc } = await runSaga(
      saga(told, 'c'),
      {},
      {
        'p.a': () => ({ ref: 'A-1' }),
        'p.b': () => ({ ref: 'B-1' }),
        'p.c': () => {
          throw refusal(409, 'NO');
        },
      },
    );
    expect(doc.status).toBe('COMPENSATED');
    expect(doc.data).toMatchObject({ a: 'A-1', b: 'B-1' });
    expect(doc.steps.map((s) => s.compensateInput)).toEqual([{ ref: 'A-1' }, { ref: 'B-1' }, undefined]);
    expect(sagaView(doc).steps[0]).toMatchObject({ id: 'a', compensateInput: { ref: 'A-1' } });
    expect(told).toEqual([
      { step: 'b', input: { ref: 'B-1' }, stepKey: 'saga-1:b' },
      { step: 'a', input: { ref: 'A-1' }, stepKey: 'saga-1:a' },
    ]);
  });

  it('a step that may have half-happened is compensated without an input, with its key to ask the participant', async () => {
    const told: Seen[] = [];
    const { doc } = await runSaga(saga(told, 'b-half'), {}, { 'p.a': () => ({ ref: 'A-1' }), 'p.b': () => ({ ref: 'B-1' }) });
    expect(doc.status).toBe('COMPENSATED');
    expect(told).toEqual([
      { step: 'b', input: undefined, stepKey: 'saga-1:b' },
      { step: 'a', input: { ref: 'A-1' }, stepKey: 'saga-1:a' },
    ]);
  });
});

describe('undo', () => {
  const ctx = (err: Error | null, compensateInput?: unknown): CompensationContext =>
    ({
      stepKey: 'saga-1:s',
      compensateInput,
      call: async () => {
        if (err) throw err;
      },
    }) as unknown as CompensationContext;

  it('"not found" is an all-clear only for a step that never completed; an outage never is', async () => {
    await expect(undo(ctx(refusal(404, 'NOT_FOUND')), 'p.undo', {})).resolves.toBeUndefined();
    await expect(undo(ctx(refusal(404, 'NOT_FOUND'), { ref: 1 }), 'p.undo', {})).rejects.toThrow('NOT_FOUND');
    await expect(undo(ctx(unavailable('p.undo')), 'p.undo', {})).rejects.toThrow('not available');
    await expect(undo(ctx(refusal(409, 'DONE'), { ref: 1 }), 'p.undo', {})).resolves.toBeUndefined();
    await expect(undo(ctx(refusal(409, 'OTHER'), { ref: 1 }), 'p.undo', {}, [{ code: 409, types: ['DONE'] }])).rejects.toThrow();
    await expect(undo(ctx(null, { ref: 1 }), 'p.undo', {})).resolves.toBeUndefined();
  });
});
