import { randomUUID } from 'node:crypto';
import type { OrderView, TransitionResult } from '../../services/orders/orders.contract';
import type { Identity } from '../support/identities';
import { SHIPPING, type World } from './orders.fixtures';

/** The orders specs' shared steps, over the world `world()` returns once started. */
export function orderHelpers(world: () => World) {
  const key = () => `key-${randomUUID()}`;
  /** `k` null sends no Idempotency-Key header at all. */
  const checkout = (as: Identity, body: Record<string, unknown>, k: string | null = key()) =>
    world().req('POST', '/orders', { as, body, key: k ?? undefined });
  const view = async (id: string, as: Identity) =>
    (await world().req('GET', `/orders/${id}`, { as })).body as unknown as OrderView;
  const step = (action: string, orderId: string, stepKey: string, reason?: string) =>
    world().system<TransitionResult>(`orders.${action}`, reason ? { orderId, reason } : { orderId }, { idempotencyKey: stepKey });
  const ordersOf = async (userId: string) => world().orders.count({ filter: { userId } });

  /** A customer with something in the cart and a card; returns what checkout needs. */
  async function shopper(
    lines: [string, number][] = [
      ['MUG-RED', 2],
      ['POSTER-A', 1],
    ],
  ) {
    const who = await world().cast.newCustomer();
    await world().fillCart(who, lines);
    return who;
  }

  /** An order placed through the API, PENDING. */
  async function placed(): Promise<{ who: Identity; id: string }> {
    const who = await shopper();
    const res = await checkout(who, { shippingAddress: SHIPPING, paymentToken: 'tok_visa' });
    expect(res.status).toBe(202);
    return { who, id: res.body.id as string };
  }

  /** The stored order equals its event log replayed, and the history store holds a row per status reached. */
  async function expectConsistent(id: string) {
    const { historyFromLog, replay } = await import('../../services/orders/orders.events');
    const stored = await world().orders.get(id);
    expect(replay(await world().events.find({ filter: { orderId: id } }))).toEqual(stored);
    const statuses = (await view(id, world().cast.admin)).history.map((h) => h.to);
    const log = await world().events.find({ filter: { orderId: id }, sort: ['seq'] });
    expect(statuses).toEqual(historyFromLog(log).map((row) => row.to));
    return stored!;
  }
  return { key, checkout, view, step, ordersOf, shopper, placed, expectConsistent };
}
