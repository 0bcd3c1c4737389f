/**
 * Scenario 1's baseline (a child process): a broker with only moleculer-web and one action that
 * returns a constant, no transporter, no cacher, no middleware. The constant is the platform's own
 * product answer (BENCH_BODY), so both gateways send the same bytes.
 */
import { ServiceBroker } from 'moleculer';
import ApiGateway from 'moleculer-web';
import { report, untilStdinEnds } from './children';

async function main(): Promise<void> {
  const body = JSON.parse(process.env.BENCH_BODY ?? '{"ok":true}') as unknown;
  const broker = new ServiceBroker({ logger: false, transporter: null, cacher: null });
  broker.createService({
    name: 'bare',
    actions: { get: { handler: () => body } },
  });
  broker.createService({
    name: 'api',
    mixins: [ApiGateway],
    settings: {
      port: 0,
      ip: '127.0.0.1',
      log4XXResponses: false,
      logRequest: null,
      logResponse: null,
      routes: [{ path: '/api', mappingPolicy: 'restrict', aliases: { 'GET /products/:id': 'bare.get' } }],
    },
  });
  await broker.start();
  const server = (broker.getLocalService('api') as unknown as { server: { address(): { port: number } } }).server;
  report({ url: `http://127.0.0.1:${server.address().port}/api/products/constant` });
  await untilStdinEnds();
  await broker.stop();
  process.exit(0);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
