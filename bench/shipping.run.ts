/**
 * `npx tsx bench/shipping.run.ts [--quick]`: scenario 8 alone (the full `npm run bench` runs every
 * scenario), printed as its Markdown details.
 */
import { SHIPPING_SETTINGS, shippingDetails, shippingScenario } from './shipping.scenario';

const quick = process.argv.includes('--quick');
const log = (line: string) => console.log(line);
shippingScenario(SHIPPING_SETTINGS[quick ? 'quick' : 'full'], log)
  .then((ok) => log(shippingDetails({ ok }).join('\n')))
  .catch((err: Error) => {
    console.error(err.stack ?? err.message);
    process.exitCode = 1;
  });
