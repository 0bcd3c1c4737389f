import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { AuditReport } from '../../ops/audit/audit.types';
import { auditorOf, startCheckoutWorld, waitFor, type CheckoutWorld } from '../checkout/checkout.world';
import { ROOT, runScript } from '../support/processes';

type Row = { id: string; status: string };

/**
 * The audit against a whole platform: after a confirmed, a declined, an out-of-stock and a
 * cancelled checkout every invariant holds; a corruption made behind the services' backs is named
 * exactly, by the runner and by `scripts/audit.ts` run as a process against the same databases.
 */
describe('consistency audit', () => {
  let w: CheckoutWorld;
  let audit: () => Promise<AuditReport>;

  beforeAll(async () => {
    w = await startCheckoutWorld({});
    audit = await auditorOf();
  }, 60_000);
  afterAll(() => w?.platform.stop());

  const key = () => `audit-${randomBytes(4).toString('hex')}`;
  const sagas = () => w.collection<Row>('sagas', 'saga', 'sagas');
  const sagaEnded = (id: string) => async () => ['COMPLETED', 'COMPENSATED'].includes((await sagas().get(id))?.status ?? '');
  /** scripts/audit.ts as its own process on the platform's databases (it inherits the platform's environment). */
  const script = async () => {
    const proc = runScript('scripts/audit.ts', {});
    const code = await new Promise<number | null>((resolve) =>
      proc.child.exitCode !== null ? resolve(proc.child.exitCode) : proc.child.once('exit', resolve),
    );
    return { code, output: proc.output() };
  };
  /** The same with --json (runScript takes no arguments); rejects unless it exits 0. */
  const scriptJson = async () =>
    (
      await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/audit.ts', '--json'], {
        cwd: ROOT,
        env: { ...process.env },
      })
    ).stdout;
  const orderStatus = async (id: string) => (await w.collection<Row>('orders', 'orders', 'orders').get(id))?.status;

  it('finds every invariant holding after real checkouts, then names exactly what was corrupted', async () => {
    const sku = await w.product(3);
    const [paid, declined, tooMany, cancelled] = await Promise.all([
      w.shopper(sku, 1),
      w.shopper(sku, 1),
      w.shopper(sku, 10),
      w.shopper(sku, 1),
    ]);
    const placed = await Promise.all([
      w.checkout(paid, key()),
      w.checkout(declined, key(), 'tok_chargeDeclined'),
      w.checkout(tooMany, key()),
      w.checkout(cancelled, key()),
    ]);
    expect(placed.map((p) => p.status)).toEqual([202, 202, 202, 202]);
    const [paidId, declinedId, tooManyId, cancelledId] = placed.map((p) => p.body.id);
    for (const id of [paidId, declinedId, tooManyId, cancelledId]) await waitFor(sagaEnded(id), `checkout ${id} ended`, 20_000);
    expect(await Promise.all([paidId, declinedId, tooManyId, cancelledId].map(orderStatus))).toEqual([
      'CONFIRMED',
      'CANCELLED',
      'REJECTED',
      'CONFIRMED',
    ]);
    const cancel = await w.call('POST', `/orders/${cancelledId}/cancel`, {}, { token: cancelled.token });
    expect(cancel.status).toBe(202);
    await waitFor(sagaEnded(`cancel:${cancelledId}`), 'cancel ended', 20_000);
    expect(await orderStatus(cancelledId)).toBe('CANCELLED');

    const clean = await audit();
    expect(clean.violations).toEqual([]);
    expect(clean.counts).toMatchObject({ stock: 1, orders: 4, reservations: 3, sagas: 5, refunds: 1 });
    expect(clean.counts.movements).toBeGreaterThanOrEqual(7);
    expect(clean.counts.outbox).toBeGreaterThan(0);

    expect(JSON.parse(await scriptJson())).toMatchObject({
      violations: [],
      counts: { ...clean.counts, outbox: expect.any(Number) },
    });

    // A stock row's reserved bumped behind inventory's back: neither reservations nor the ledger explain it.
    const stock = w.collection('inventory', 'inventory', 'stock');
    await stock.update(`${sku}#main`, { $inc: { reserved: 1 } });
    expect((await audit()).violations).toEqual([
      { invariant: 'reserved-matches-reservations', subject: `${sku}#main`, detail: 'reserved 1, active reservations hold 0' },
      { invariant: 'stock-matches-ledger', subject: `${sku}#main`, detail: 'reserved 1, ledger 0' },
      // No event told the search index either: it still shows the record as it was.
      {
        invariant: 'search-matches-sources',
        subject: expect.stringMatching(new RegExp(`^search/stock/[0-9a-f-]+/${sku}@main$`)),
        detail: expect.stringMatching(/^indexed v\d+ available \d+, inventory v\d+ available \d+$/),
      },
    ]);
    await stock.update(`${sku}#main`, { $inc: { reserved: -1 } });
    // The units are back, but the record's version moved without an event: the operator's repair realigns the index.
    const repaired = await w.call<{ repaired: { stock: number } }>('POST', '/admin/search/repair', undefined, {
      token: w.cast.admin.token,
    });
    expect([repaired.status, repaired.body.repaired.stock]).toEqual([200, 1]);

    // A confirmed order's payment marked refunded.
    await w.collection('payments', 'payments', 'payments').update(paidId, { $set: { status: 'REFUNDED' } });
    expect((await audit()).violations).toEqual([
      { invariant: 'confirmed-order-settled', subject: paidId, detail: 'CONFIRMED: payment REFUNDED' },
    ]);

    const { code, output } = await script();
    const lines = output.trim().split('\n');
    expect({ code, lines: lines.slice(0, -1) }).toEqual({
      code: 1,
      lines: [`VIOLATION confirmed-order-settled ${paidId}: CONFIRMED: payment REFUNDED`],
    });
    expect(lines.at(-1)).toMatch(
      /^audit \S+: 1 violation of 1 invariant \(read 1 stock, 3 reservations, \d+ movements, 4 orders/,
    );
  }, 60_000);
});
