import type { BrokerOptions, ServiceBroker } from 'moleculer';
import { SYSTEM_PRINCIPAL } from '../mixins/access/access.types';
import type { SagaSummary, SagaView } from './saga.view';

type ReplCustomCommand = NonNullable<NonNullable<BrokerOptions['replOptions']>['customCommands']>[number];
type Args = { id?: string; status?: string };

/** The REPL's own channel is the terminal, not the logger. */
const say = (text: string) => void process.stdout.write(`${text}\n`);

/** Calls a coordinator action as the platform and prints the answer, or the error without a stack. */
async function run<T>(
  broker: ServiceBroker,
  action: string,
  params: Record<string, unknown>,
  show: (r: T) => string,
): Promise<void> {
  try {
    say(show(await broker.call<T, Record<string, unknown>>(`sagas.${action}`, params, { meta: { user: SYSTEM_PRINCIPAL } })));
  } catch (err) {
    const e = err as { code?: number; type?: string; message: string };
    say(`${e.code ?? ''} ${e.type ?? ''} ${e.message}`.trim());
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
/** Why the saga stands where it is: what it waits for, why it was parked, or why it failed. */
const why = (s: SagaSummary) =>
  s.waiting ? `waiting for ${s.waiting.signal} since ${iso(s.waiting.since)}` : (s.parkedReason ?? s.failure);

const row = (s: SagaSummary) => [s.id, s.type, s.status, s.currentStep ?? '-', iso(s.updatedAt), why(s) ?? ''].join('  ');

function detail(v: SagaView): string {
  const reason = v.waiting ? why(v) : v.parkedReason;
  const lines = [`${v.id}  ${v.type}  ${v.status}${reason ? `  (${reason})` : ''}`];
  for (const s of v.steps) {
    const comp = s.compensation
      ? `  | compensation ${s.compensation.status} x${s.compensation.attempts}${s.compensation.error ? ` ${s.compensation.error}` : ''}`
      : '';
    const signals = s.signals ? `  | signals ${s.signals.join(', ')}` : '';
    lines.push(
      `  ${s.id.padEnd(20)} ${s.status.padEnd(8)} x${s.attempts} ${s.durationMs ?? '-'}ms ${s.error ?? ''}${comp}${signals}`,
    );
  }
  if (v.onFailure) lines.push(`  on-failure           ${v.onFailure.status} x${v.onFailure.attempts} ${v.onFailure.error ?? ''}`);
  return lines.join('\n');
}

/**
 * Operator commands for sagas (the lead adds them to config/repl-commands.ts):
 *   mol $ sagas NEEDS_ATTENTION     mol $ saga <id>     mol $ saga-retry <id>     mol $ saga-compensate <id>
 */
export const sagaReplCommands: ReplCustomCommand[] = [
  {
    command: 'sagas [status]',
    description:
      'List the newest sagas, optionally of one status (RUNNING, COMPENSATING, WAITING, COMPLETED, COMPENSATED, NEEDS_ATTENTION)',
    async action(broker: ServiceBroker, raw: unknown): Promise<void> {
      const { status } = raw as Args;
      await run<{ rows: SagaSummary[]; total: number }>(
        broker,
        'list',
        { pageSize: 50, ...(status ? { status: status.toUpperCase() } : {}) },
        (r) => [`${r.total} saga(s)`, ...r.rows.map(row)].join('\n'),
      );
    },
  },
  {
    command: 'saga <id>',
    description: 'Show a saga: every step with status, attempts, duration and error',
    async action(broker: ServiceBroker, raw: unknown): Promise<void> {
      await run<SagaView>(broker, 'get', { id: (raw as Args).id }, detail);
    },
  },
  {
    command: 'saga-retry <id>',
    description: 'Re-run a NEEDS_ATTENTION saga from where it stopped',
    async action(broker: ServiceBroker, raw: unknown): Promise<void> {
      await run<{ id: string; status: string }>(broker, 'retry', { id: (raw as Args).id }, (r) => `${r.id} is ${r.status} again`);
    },
  },
  {
    command: 'saga-compensate <id>',
    description: 'Force compensation of a running, waiting or parked saga',
    async action(broker: ServiceBroker, raw: unknown): Promise<void> {
      await run<{ id: string; status: string }>(broker, 'compensate', { id: (raw as Args).id }, (r) => `${r.id} is ${r.status}`);
    },
  },
];
