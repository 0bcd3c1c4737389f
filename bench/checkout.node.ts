/**
 * Scenario 2's platform (a child process; argv: shoppers, skus): every service in one cluster node
 * through the test harness (NATS transporter and JetStream bus, Redis, every store on PostgreSQL),
 * as the checkout tests start it. Before anything is timed it makes `skus` products with stock for
 * every shopper and `shoppers` customers, each with one unit of a product in the cart; reports the
 * gateway, their tokens and an admin's, and stops when its stdin closes, dropping its databases.
 */
import { inBatches, startCheckoutWorld } from '../test/checkout/checkout.world';
import { report, untilStdinEnds } from './children';

export interface CheckoutSetup {
  api: string;
  prefix: string;
  namespace: string;
  adminToken: string;
  /** One access token per shopper, each with a cart ready to check out. */
  shoppers: string[];
}

async function main(): Promise<void> {
  const [shoppers, skus] = process.argv.slice(2).map(Number);
  const world = await startCheckoutWorld({ LOG_LEVEL: 'warn' });
  // Warnings and errors on stderr rather than in memory: the parent shows the tail when something fails.
  const logs = world.platform.logs;
  logs.push = (...lines: string[]) => {
    for (const line of lines) process.stderr.write(`${line}\n`);
    return 0;
  };
  const prefix = process.env.STORE_PREFIX!;
  // Reported first, so the parent can drop the databases of a node that fails during set-up.
  report({ prefix, namespace: process.env.NAMESPACE });
  try {
    const products = await inBatches(Array.from({ length: skus }), 4, () => world.product(shoppers));
    const people = await inBatches(Array.from({ length: shoppers }), 8, (_, i) => world.shopper(products[i % skus], 1));
    const setup: CheckoutSetup = {
      api: world.platform.api,
      prefix,
      namespace: process.env.NAMESPACE!,
      adminToken: world.cast.admin.token,
      shoppers: people.map((p) => p.token),
    };
    report(setup);
    await untilStdinEnds();
  } finally {
    await world.platform.stop();
  }
  process.exit(0);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
