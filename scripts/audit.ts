/**
 * `npm run audit [-- --json] [-- --saga-stale-ms N] [-- --outbox-stale-ms N] [-- --offline]`: checks
 * the invariants across every store and prints each violation. Exit 0: all hold; 1: violations;
 * 2: the audit could not run. Reads the stores as configured (the same environment as a node).
 *
 * Embedded mode keeps its stores in PGlite directories, which take one process at a time: while the
 * embedded server runs, use its REPL command `audit`; with it stopped, pass --offline (it starts
 * DynamoDB Local on DATA_DIR/dynamodb as `npm start` does, so it reads the same data).
 */
import { config } from '../config/config';
import { formatReport } from '../ops/audit/audit.report';
import { auditedStores, runAudit } from '../ops/audit/audit.runner';
import { withEmbeddedDynamo } from './embedded-dynamo';

function numberArg(args: string[], name: string): number | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const n = Number(args[i + 1]);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} takes a whole number of milliseconds`);
  return n;
}

/** Connection URLs in driver errors may carry a password. */
const scrub = (text: string) => text.replace(/\/\/([^:/@\s]+):([^@\s]+)@/g, '//$1:***@');

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const cfg = config();
  if (cfg.mode === 'embedded' && !args.includes('--offline')) {
    console.error(
      'Embedded mode: the stores are PGlite directories that only one process may open. ' +
        'Run the REPL command `audit` in the running server, or stop it and run `npm run audit -- --offline`.',
    );
    return 2;
  }
  const thresholds = { sagaStaleMs: numberArg(args, '--saga-stale-ms'), outboxStaleMs: numberArg(args, '--outbox-stale-ms') };
  // The stopped server's DynamoDB stores are in DynamoDB Local under DATA_DIR: start it as `npm start` does.
  const dynamo = await withEmbeddedDynamo(cfg, auditedStores());
  const report = await runAudit(dynamo.cfg, thresholds).finally(() => dynamo.stop());
  if (args.includes('--json')) console.log(JSON.stringify(report, null, 2));
  else for (const line of formatReport(report)) console.log(line);
  return report.violations.length ? 1 : 0;
}

main().then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (err: Error) => {
    console.error(`audit failed: ${scrub(err.message)}`);
    process.exit(2);
  },
);
