import { summarizeHealth } from './api.health';

const ok = (store: string, engine = 'pglite') => ({ store, engine, ok: true, latencyMs: 1 });

describe('summarizeHealth', () => {
  it('is ok when every expected service answers and every store is reachable', () => {
    const report = summarizeHealth(
      ['api', 'products'],
      [
        { service: 'api', nodes: ['n1'], stores: [] },
        { service: 'products', nodes: ['n1'], stores: [ok('catalog')] },
      ],
      { kind: 'none', connected: true },
    );
    expect(report.status).toBe('ok');
    expect(report.failing).toEqual([]);
    expect(report.services.map((s) => s.service)).toEqual(['api', 'products']);
  });

  it('names each failing part: missing service, unreachable store, failed probe, transporter', () => {
    const report = summarizeHealth(
      ['api', 'products', 'inventory', 'auth'],
      [
        { service: 'api', nodes: ['n1'], stores: [] },
        { service: 'products', nodes: ['n2'], stores: [{ ...ok('catalog', 'mongo'), ok: false, error: 'connection refused' }] },
        { service: 'auth', nodes: ['n3'], stores: [], error: 'Request timed out' },
      ],
      { kind: 'nats', connected: false },
      ['products.list', 'inventory.levels'],
    );
    expect(report.status).toBe('failing');
    expect(report.failing).toEqual([
      'transporter (nats): disconnected',
      'gateway: routes not yet published for inventory.levels, products.list',
      'store catalog (mongo) of products: connection refused',
      'service inventory: no node runs this service',
      'service auth: Request timed out',
    ]);
  });
});
