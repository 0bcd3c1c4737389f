/** A cluster node: runs the services named in SERVICES, talks to the others over TRANSPORTER. */
import { config } from '../config/config';
import { createNode } from './boot';

async function main(): Promise<void> {
  config();
  const { broker, services } = await createNode();
  await broker.start();
  broker.logger.info(`Node ${broker.nodeID} runs: ${services.join(', ')}`);
}

main().catch((err: Error) => {
  console.error(err.name === 'ConfigError' ? err.message : err);
  process.exit(1);
});
