import { buildRegistry } from './registry.derive';
import type { ServiceManifest } from './registry.types';

const schema = { migrations: [] };
const manifest = (over: Partial<ServiceManifest>): ServiceManifest => ({
  name: 'a',
  dir: '/x/a',
  load: () => Promise.reject(new Error('not loaded in this test')),
  node: 'n1',
  stores: {},
  events: { publishes: {}, consumes: [] },
  ...over,
});

describe('buildRegistry', () => {
  it('derives names, stores, events, consumers, audited stores and nodes in registry order', () => {
    const r = buildRegistry([
      manifest({ name: 'a', stores: { a: { schema, engine: 'postgres', audited: true } } }),
      manifest({
        name: 'b',
        node: 'n2',
        stores: { 'b-log': { schema, engine: 'dynamodb' } },
        events: { publishes: { 'b.done': { version: 2, schema: {} } }, consumes: ['b.done'] },
      }),
      manifest({ name: 'c' }),
    ]);
    expect(r.serviceNames).toEqual(['a', 'b', 'c']);
    expect(r.storeDefaults).toEqual({ a: { service: 'a', engine: 'postgres' }, 'b-log': { service: 'b', engine: 'dynamodb' } });
    expect(r.storeSchemas.a).toBe(schema);
    expect(r.eventCatalog['b.done'].version).toBe(2);
    expect(r.consumers).toEqual(['b']);
    expect(r.auditedStores).toEqual(['a']);
    expect([...r.nodes]).toEqual([
      ['n1', ['a', 'c']],
      ['n2', ['b']],
    ]);
  });

  it('refuses a service, store or event declared twice, naming both declarers', () => {
    expect(() => buildRegistry([manifest({ name: 'a' }), manifest({ name: 'a' })])).toThrow(
      'service a is declared by a and by a',
    );
    const store = { s: { schema, engine: 'postgres' as const } };
    expect(() => buildRegistry([manifest({ name: 'a', stores: store }), manifest({ name: 'b', stores: store })])).toThrow(
      'store s is declared by a and by b',
    );
    const events = { publishes: { 'e.x': { version: 1, schema: {} } }, consumes: [] };
    expect(() => buildRegistry([manifest({ name: 'a', events }), manifest({ name: 'b', events })])).toThrow(
      'event e.x is declared by a and by b',
    );
  });

  it('refuses a consumer of an event nobody publishes', () => {
    const events = { publishes: {}, consumes: ['ghost.event'] };
    expect(() => buildRegistry([manifest({ name: 'a', events })])).toThrow('a consumes ghost.event, which no service publishes');
  });

  it('refuses names that would not make a variable, database or compose entry', () => {
    expect(() => buildRegistry([manifest({ name: 'Bad Name' })])).toThrow(/service name "Bad Name"/);
    expect(() => buildRegistry([manifest({ stores: { 'x;drop': { schema, engine: 'postgres' } } })])).toThrow(/store name/);
  });
});
