/**
 * `npm run bench [-- --quick]`: the scenarios of the performance issue side by side on this
 * machine's loopback, written to bench/results/latest.{json,md}. Every scenario runs a bounded
 * amount of work in processes it starts and stops itself. Targets are recorded, never asserted;
 * the exit code is 1 only when a scenario could not run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkoutScenario } from '../bench/checkout.scenario';
import { ROOT } from '../bench/children';
import { eventsScenario } from '../bench/events.scenario';
import { gatewayScenario } from '../bench/gateway.scenario';
import { hotSkuScenario } from '../bench/hot-sku.scenario';
import { promotionsScenario } from '../bench/promotions.scenario';
import { SEARCH_SETTINGS, searchScenario } from '../bench/search.scenario';
import { SHIPPING_SETTINGS, shippingScenario } from '../bench/shipping.scenario';
import { describeMachine } from '../bench/machine';
import { renderMarkdown, type BenchReport, type Outcome } from '../bench/report';
import { startupScenario } from '../bench/startup.scenario';

const quick = process.argv.includes('--quick');

const SETTINGS: BenchReport['settings'] = quick
  ? {
      gateway: { connections: 50, requests: 5_000, warmupRequests: 1_000, rounds: 2, maxDurationMs: 20_000 },
      checkout: { orders: 64, warmup: 16, single: 8, concurrency: 8, skus: 8, pollMs: 10 },
      hotSku: { concurrent: 1_000, stock: 500, rounds: 1 },
      events: { events: 500, concurrency: 16, latencyEvents: 50 },
      embeddedStarts: 1,
      promotions: { calls: 200, warmup: 50 },
      search: SEARCH_SETTINGS.quick,
      shipping: SHIPPING_SETTINGS.quick,
    }
  : {
      gateway: { connections: 50, requests: 30_000, warmupRequests: 3_000, rounds: 3, maxDurationMs: 60_000 },
      checkout: { orders: 400, warmup: 32, single: 40, concurrency: 8, skus: 8, pollMs: 10 },
      hotSku: { concurrent: 1_000, stock: 500, rounds: 3 },
      events: { events: 5_000, concurrency: 16, latencyEvents: 200 },
      embeddedStarts: 3,
      promotions: { calls: 2_000, warmup: 200 },
      search: SEARCH_SETTINGS.full,
      shipping: SHIPPING_SETTINGS.full,
    };

const log = (line: string) => console.log(line);

async function attempt<T>(name: string, run: () => Promise<T>): Promise<Outcome<T>> {
  const t0 = Date.now();
  log(`${name}…`);
  try {
    const ok = await run();
    log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { ok };
  } catch (err) {
    log(`  FAILED: ${(err as Error).message}`);
    return { error: (err as Error).message.split('\n')[0] };
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const machine = await describeMachine();
  log(`bench (${quick ? 'quick' : 'full'}) on ${machine.cpu}, ${machine.cores} cores, load ${machine.loadAverage.join(' / ')}`);
  const gateway = await attempt('1. product GET through the gateway vs bare moleculer-web', () =>
    gatewayScenario(SETTINGS.gateway, log),
  );
  const checkout = await attempt('2. checkout sagas end to end vs the plain-driver floor', () =>
    checkoutScenario(SETTINGS.checkout, log),
  );
  const hotSku = await attempt('3. hot SKU per inventory engine', () => hotSkuScenario(SETTINGS.hotSku, log));
  const events = await attempt('4. event delivery: outbox to consumer vs raw JetStream', () =>
    eventsScenario(SETTINGS.events, log),
  );
  const startup = await attempt('5. embedded start-up and memory', () => startupScenario(SETTINGS.embeddedStarts, log));
  const promotions = await attempt('6. cart pricing with 1,000 promotions and 10,000 codes vs none', () =>
    promotionsScenario(SETTINGS.promotions!, log),
  );
  const search = await attempt(`7. search over ${SETTINGS.search!.products} products: queries, index lag, rebuild`, () =>
    searchScenario(SETTINGS.search!, log),
  );
  const shipping = await attempt('8. shipping quotes for a 30-line cart with 500 zones and 50 methods', () =>
    shippingScenario(SETTINGS.shipping!, log),
  );

  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    wallTimeS: (Date.now() - started) / 1000,
    machine,
    settings: SETTINGS,
    scenarios: {
      gateway,
      checkout,
      hotSku,
      events,
      startup,
      promotions,
      search,
      shipping,
    },
  };
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const markdown = renderMarkdown(report);
  writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(path.join(dir, 'latest.md'), markdown + '\n');
  log(`\n${markdown}\n\nWritten to bench/results/latest.json and latest.md`);
  process.exitCode = [gateway, checkout, hotSku, events, startup, promotions, search, shipping].some((s) => 'error' in s) ? 1 : 0;
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
