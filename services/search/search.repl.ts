import type { BrokerOptions, ServiceBroker } from 'moleculer';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import type { RebuildJob } from './search.rebuild.domain';

type ReplCustomCommand = NonNullable<NonNullable<BrokerOptions['replOptions']>['customCommands']>[number];

/** The REPL's own channel is the terminal, not the logger. */
const say = (text: string) => void process.stdout.write(`${text}\n`);
const line = (j: RebuildJob) =>
  `rebuild ${j.id} ${j.state} (${j.phase}) into ${j.gen}: ${j.stock} stock records, ${j.products} products, ${j.replayed} re-read${j.error ? `; ${j.error}` : ''}`;

/**
 * Operator commands for the search index (moleculer.config.ts adds them):
 *   mol $ reindex          starts a blue/green rebuild (or shows the running one)
 *   mol $ reindex <id>     shows a rebuild's progress
 */
export const searchReplCommands: ReplCustomCommand[] = [
  {
    command: 'reindex [id]',
    description: 'Rebuild the search index blue/green while it keeps serving, or show a rebuild by id',
    async action(broker: ServiceBroker, raw: unknown): Promise<void> {
      const { id } = raw as { id?: string };
      const meta = { meta: { user: SYSTEM_PRINCIPAL } };
      try {
        if (id) return say(line(await broker.call<RebuildJob, object>('search.reindexStatus', { id }, meta)));
        const { job, started } = await broker.call<{ job: RebuildJob; started: boolean }, object>('search.reindex', {}, meta);
        say(`${started ? 'started' : 'already running'}: ${line(job)}`);
      } catch (err) {
        const e = err as { code?: number; type?: string; message: string };
        say(`${e.code ?? ''} ${e.type ?? ''} ${e.message}`.trim());
      }
    },
  },
];
