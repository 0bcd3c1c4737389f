import type { BrokerOptions, ServiceBroker } from 'moleculer';

type ReplCustomCommand = NonNullable<NonNullable<BrokerOptions['replOptions']>['customCommands']>[number];
import { SYSTEM_PRINCIPAL } from '../mixins/access/access.types';
import { formatReport } from '../ops/audit/audit.report';
import type { AuditReport } from '../ops/audit/audit.types';

/**
 * Operator commands for the Moleculer REPL (`npm run dev`, or `broker.repl()` on any node). Every
 * action checks its caller, so REPL calls of role-restricted actions need a principal: `sys` runs one
 * as the platform itself. Example: mol $ sys inventory.receive '{"sku":"TEE-1","warehouse":"main","quantity":5,"ref":"po-7"}'
 */
/** The REPL's own channel is the terminal, not the logger. */
const say = (text: string) => void process.stdout.write(`${text}\n`);

export const replCommands: ReplCustomCommand[] = [
  {
    command: 'sys <action> [params]',
    description: 'Call an action as the platform (system principal); params as one JSON argument',
    // moleculer-repl passes the named arguments as an object, whatever Moleculer's typings say.
    async action(broker: ServiceBroker, raw: unknown): Promise<void> {
      const args = raw as { action: string; params?: string };
      let params: unknown = {};
      try {
        params = args.params ? JSON.parse(args.params) : {};
      } catch {
        say('params must be one JSON argument, e.g. \'{"id":"..."}\'');
        return;
      }
      try {
        say(JSON.stringify(await broker.call(args.action, params, { meta: { user: SYSTEM_PRINCIPAL } }), null, 2));
      } catch (err) {
        const e = err as { code?: number; type?: string; message: string; data?: unknown };
        say(`${e.code ?? ''} ${e.type ?? ''} ${e.message} ${e.data ? JSON.stringify(e.data) : ''}`);
      }
    },
  },
  {
    command: 'audit',
    description:
      'Check the invariants across stores (stock, reservations, ledger, orders vs money, sagas, outboxes) and list each violation',
    async action(broker: ServiceBroker): Promise<void> {
      try {
        const report = await broker.call<AuditReport, object>(
          'ops.audit',
          {},
          { meta: { user: SYSTEM_PRINCIPAL }, timeout: 120_000 },
        );
        for (const line of formatReport(report)) say(line);
      } catch (err) {
        say(`audit failed: ${(err as Error).message}`);
      }
    },
  },
  {
    command: 'deadletters <service> [id] [replay]',
    description: "List a consuming service's dead letters, show one by id, or replay it: deadletters users <id> replay",
    async action(broker: ServiceBroker, raw: unknown): Promise<void> {
      const { service, id, replay } = raw as { service: string; id?: string; replay?: string };
      const action = !id ? 'list' : replay === 'replay' ? 'replay' : 'get';
      try {
        const result = await broker.call(`${service}.deadLetters.${action}`, id ? { id } : {}, {
          meta: { user: SYSTEM_PRINCIPAL },
        });
        say(JSON.stringify(result, null, 2));
      } catch (err) {
        say(`deadletters failed: ${(err as Error).message}`);
      }
    },
  },
];
