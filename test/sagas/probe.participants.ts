import { Errors, type Context, type ServiceBroker, type ServiceSchema } from 'moleculer';
import { WaitAgain, type SagaDefinition, type SagaStep } from '../../sagas/saga.types';

/** How the probe answers one saga's step: refuse it, fail it retryably n times, answer slowly, fail its undo n times. */
export interface Behaviour {
  refuse?: boolean;
  flaky?: number;
  slowMs?: number;
  undoFails?: number;
}

export interface ProbeCall {
  key: string;
  kind: 'do' | 'undo';
  /** The coordinator node that made the call. */
  node: string;
  system: boolean;
}

type Meta = { idempotencyKey?: string; user?: { system?: boolean } };

/**
 * A saga participant for the engine's integration tests, on the platform's broker: it counts calls
 * per idempotency key and misbehaves on demand. Sagas of the test types call `probe.do` per step
 * and `probe.undo` per compensation.
 */
export class Probe {
  readonly calls: ProbeCall[] = [];
  private readonly script = new Map<string, Behaviour>();

  set(sagaId: string, step: string, behaviour: Behaviour): void {
    this.script.set(`${sagaId}:${step}`, behaviour);
  }

  /** The keys one saga's calls carried, in call order. */
  keysOf(sagaId: string): string[] {
    return this.calls.filter((c) => c.key.startsWith(`${sagaId}:`)).map((c) => c.key);
  }

  /** Keys seen more than once among the given sagas' calls. */
  repeatedKeys(sagaIds: string[]): string[] {
    const counts = new Map<string, number>();
    for (const id of sagaIds) for (const k of this.keysOf(id)) counts.set(k, (counts.get(k) ?? 0) + 1);
    return [...counts].filter(([, n]) => n > 1).map(([k]) => k);
  }

  service(): ServiceSchema {
    const handle = async (kind: 'do' | 'undo', ctx: Context<unknown, Meta>) => {
      const key = ctx.meta.idempotencyKey ?? '';
      const [sagaId, step] = key.split(':');
      const b = this.script.get(`${sagaId}:${step}`) ?? {};
      this.calls.push({ key, kind, node: ctx.nodeID ?? '', system: ctx.meta.user?.system === true });
      const n = this.calls.filter((c) => c.key === key).length;
      if (kind === 'undo') {
        if ((b.undoFails ?? 0) > 0) {
          b.undoFails!--;
          throw new Errors.MoleculerError('undo failed', 500, 'PROBE_UNDO_FAILED');
        }
        return { undone: step };
      }
      if (b.slowMs) await new Promise((r) => setTimeout(r, b.slowMs));
      if (b.refuse) throw new Errors.MoleculerClientError('refused', 409, 'PROBE_REFUSED');
      if ((b.flaky ?? 0) >= n) throw new Errors.MoleculerRetryableError('flaky', 503, 'PROBE_FLAKY');
      return { n };
    };
    return {
      name: 'probe',
      actions: {
        // Keyed by the saga's idempotency key, but the tests count every call: never retried by the broker.
        do: {
          visibility: 'public',
          access: 'internal',
          idempotent: false,
          handler: (ctx: Context<unknown, Meta>) => handle('do', ctx),
        },
        undo: {
          visibility: 'public',
          access: 'internal',
          idempotent: false,
          handler: (ctx: Context<unknown, Meta>) => handle('undo', ctx),
        },
      },
    };
  }
}

/** A step calling `probe.do` (undone by `probe.undo`), tried 3 times within a 400 ms deadline. */
export const probeStep = (id: string): SagaStep => ({
  id,
  deadlineMs: 400,
  retry: { attempts: 3, backoffMs: 50 },
  async invoke(ctx) {
    const answer = await ctx.call<{ n: number }>('probe.do', { step: id });
    return { [id]: answer.n };
  },
  async compensate(ctx) {
    await ctx.call('probe.undo', { step: id });
  },
});

/** Three probe steps; compensations tried 3 times, 50 ms apart then doubling. */
export const probeSaga = (type = 'probe'): SagaDefinition => ({
  type,
  steps: ['s1', 's2', 's3'].map(probeStep),
  compensationRetry: { attempts: 3, backoffMs: 50 },
});

/** A signal a waiting step took, by saga. */
export type Taken = { sagaId: string; signal: string };

/** label → receive (waits for `parcel.received`; partial receipts wait again until `expected` units came) → close. */
export function parcelSaga(taken: Taken[]): SagaDefinition {
  const receive = probeStep('receive');
  return {
    type: 'parcel',
    compensationRetry: { attempts: 3, backoffMs: 50 },
    steps: [
      probeStep('label'),
      {
        ...receive,
        waitFor: 'parcel.received',
        async invoke(ctx) {
          await ctx.call('probe.do', { step: 'receive' });
          taken.push({ sagaId: ctx.sagaId, signal: ctx.signal!.key });
          const received = Number(ctx.data.received ?? 0) + Number(ctx.signal!.data.units);
          return received < Number(ctx.data.expected) ? new WaitAgain({ received }) : { received };
        },
      },
      probeStep('close'),
    ],
  };
}

/** Adds saga definitions to the coordinator running on `broker`. */
export function define(broker: ServiceBroker, ...defs: SagaDefinition[]): void {
  const svc = broker.getLocalService('sagas') as unknown as { defineSaga(d: SagaDefinition): void };
  for (const d of defs) svc.defineSaga(d);
}

/** What a saga REPL command prints (to the terminal, not the logger) when run on `broker`. */
export async function replPrint(broker: ServiceBroker, name: string, args: Record<string, unknown>): Promise<string> {
  const { sagaReplCommands } = await import('../../sagas/saga.repl');
  const command = sagaReplCommands.find((c) => c.command.split(' ')[0] === name)!;
  const out: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  try {
    await (command.action as (b: unknown, a: unknown) => Promise<void>)(broker, args);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}
