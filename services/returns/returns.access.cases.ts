import { asAdmin, type AccessCases, type Fixture, uniq } from '../../test/security/access-cases';

/**
 * Who may call each returns route (test/security/authorization-matrix.spec.ts runs them). The
 * matrix's orders are confirmed, not delivered, so no return exists: routes naming one use an
 * unknown id, and a caller who passes the access rule gets 404 (ownership of a real return is
 * proved in test/returns/returns.request.spec.ts).
 */
const NONE = 'ret-unknown-0000';
const read = [401, 403, 403, 200, 200] as [number, number, number, number, number];
const write = (ok: number) => [401, 403, 403, 403, ok] as [number, number, number, number, number];
const line = { sku: 'X', quantity: 1, reason: 'changed-mind' };

/** A reason of its own per cell, made by the admin, for the route that removes one. */
async function reason(f: Fixture): Promise<string> {
  const id = `matrix-${uniq()}`;
  await f.cast.call('PUT', `/admin/return-reasons/${id}`, { label: 'Matrix' }, asAdmin(f));
  return id;
}

const cases: AccessCases = {
  // A's order is not delivered: A is refused naming the order (422); anyone else's request finds no order of theirs.
  'POST /api/orders/:id/returns': {
    request: (f) => ({ path: `/orders/${f.orderOfA}/returns`, body: { lines: [{ ...line, sku: f.sku }], resolution: 'refund' } }),
    expect: [401, 422, 404, 404, 404],
  },
  'GET /api/returns/:id': { request: () => ({ path: `/returns/${NONE}` }), expect: [401, 404, 404, 404, 404] },
  'GET /api/returns/:id/label': { request: () => ({ path: `/returns/${NONE}/label` }), expect: [401, 404, 404, 404, 404] },
  'GET /api/me/returns': { request: () => ({ path: '/me/returns' }), expect: [401, 200, 200, 200, 200] },
  'GET /api/admin/returns': { request: () => ({ path: '/admin/returns' }), expect: read },
  'POST /api/admin/returns/:id/approve': { request: () => ({ path: `/admin/returns/${NONE}/approve`, body: {} }), expect: write(404) },
  'POST /api/admin/returns/:id/reject': {
    request: () => ({ path: `/admin/returns/${NONE}/reject`, body: { reason: 'Matrix' } }),
    expect: write(404),
  },
  'POST /api/admin/returns/:id/receive': {
    request: () => ({
      path: `/admin/returns/${NONE}/receive`,
      body: { warehouse: 'east', lines: [{ sku: 'X', quantity: 1, condition: 'resaleable' }] },
    }),
    expect: write(404),
  },
  'GET /api/admin/returns/settings': { request: () => ({ path: '/admin/returns/settings' }), expect: read },
  // The defaults saved as they are (no version: the matrix's cells do not race each other here).
  'PUT /api/admin/returns/settings': {
    request: () => ({
      path: '/admin/returns/settings',
      body: {
        windowDays: 30,
        allowShipped: false,
        autoApprove: { enabled: true, below: [{ amount: 10_000, currency: 'EUR' }] },
        refund: { refundShipping: 'full-return-only' },
      },
    }),
    expect: write(200),
  },
  'GET /api/admin/return-reasons': { request: () => ({ path: '/admin/return-reasons' }), expect: read },
  'PUT /api/admin/return-reasons/:id': {
    request: () => ({ path: `/admin/return-reasons/matrix-${uniq()}`, body: { label: 'Matrix' } }),
    expect: write(200),
  },
  'DELETE /api/admin/return-reasons/:id': {
    request: async (f) => ({ path: `/admin/return-reasons/${await reason(f)}` }),
    expect: write(200),
  },
};

export default cases;
