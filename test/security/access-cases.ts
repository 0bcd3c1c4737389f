import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ServiceManifest } from '../../services/registry.types';
import type { Cast, Identity } from '../support/identities';

/**
 * The authorization matrix's vocabulary. Each service keeps its rows beside its manifest
 * (`services/<folder>/<folder>.access.cases.ts`); accessMatrix gathers them for the registry.
 */
export type Who = 'anon' | 'A' | 'B' | 'support' | 'admin';
export const WHO: Who[] = ['anon', 'A', 'B', 'support', 'admin'];

export interface Fixture {
  cast: Cast;
  productId: string;
  sku: string;
  /** An order holding a reservation. */
  orderId: string;
  /** Customer A's confirmed order (its saga completed). */
  orderOfA: string;
  /** The caller's identity for the cell (undefined for anon). */
  me?: Identity;
}
export interface Cell {
  path: string;
  body?: unknown;
  /** Send this token instead of the caller's standing one (cells that consume a session). */
  token?: string;
  headers?: Record<string, string>;
}
export interface Row {
  /** Builds the request; runs once per cell, so cells that change or consume things get their own. */
  request: (f: Fixture) => Promise<Cell> | Cell;
  expect: [anon: number, A: number, B: number, support: number, admin: number];
}
/** `METHOD /api/path` (as the gateway's route table names it) → its row. */
export type AccessCases = Record<string, Row>;

export const ofA = (f: Fixture) => f.cast.customerA;
export const uniq = () => Math.random().toString(36).slice(2, 10);
export const asAdmin = (f: Fixture) => ({ token: f.cast.admin.token });
export const shippingAddress = { name: 'Alice', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };

/**
 * Waits until no checkout holds `who`'s cart (a checkout claims it until its saga gives it up or
 * back), so a cell that writes the cart or orders from it is not refused with 409.
 */
export async function cartFree(f: Pick<Fixture, 'cast'>, who: Identity): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const cart = await f.cast.call<{ checkoutOrderId?: string }>('GET', '/cart', undefined, { token: who.token });
    if (!cart.body.checkoutOrderId) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('a checkout kept holding the cart');
}

/** A checkout by `who` of one unit of the fixture SKU, waited for until its saga settles the order. */
export async function orderOf(f: Fixture, who: Identity, until = 'CONFIRMED'): Promise<string> {
  await cartFree(f, who);
  await f.cast.call('POST', '/cart/items', { sku: f.sku, quantity: 1 }, { token: who.token });
  const placed = await f.cast.call<{ id: string }>(
    'POST',
    '/orders',
    { shippingAddress, paymentToken: 'tok_visa' },
    { token: who.token, headers: { 'Idempotency-Key': `m-${uniq()}` } },
  );
  if (placed.status !== 202) throw new Error(`fixture order: ${placed.status} ${placed.text}`);
  for (let i = 0; i < 200; i++) {
    const o = await f.cast.call<{ status: string }>('GET', `/orders/${placed.body.id}`, undefined, { token: who.token });
    if (o.body.status === until) return placed.body.id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`fixture order ${placed.body.id} never reached ${until}`);
}

/** Every registered service's rows; a service without a cases file, or a route claimed twice, is an error. */
export function accessMatrix(manifests: readonly ServiceManifest[]): AccessCases {
  const matrix: AccessCases = {};
  for (const m of manifests) {
    const file = path.join(m.dir, `${path.basename(m.dir)}.access.cases.ts`);
    if (!existsSync(file)) throw new Error(`service ${m.name} has no authorization cases (${file})`);
    // Jest collects tests synchronously (describe.each), so the rows are required, not imported.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cases = (require(file) as { default: AccessCases }).default;
    for (const [route, row] of Object.entries(cases)) {
      if (matrix[route]) throw new Error(`route ${route} has rows in two services' cases`);
      matrix[route] = row;
    }
  }
  return matrix;
}

/** Runs one cell through the shared HTTP helper (which also checks the response against the document). */
export async function runCell(fixture: Omit<Fixture, 'me'>, route: string, row: Row, who: Who) {
  const me =
    who === 'anon'
      ? undefined
      : { A: fixture.cast.customerA, B: fixture.cast.customerB, support: fixture.cast.support, admin: fixture.cast.admin }[who];
  if (me) await cartFree(fixture, me);
  const cell = await row.request({ ...fixture, me });
  const method = route.split(' ')[0];
  return fixture.cast.call(method, cell.path, cell.body, { token: cell.token ?? me?.token, headers: cell.headers });
}
