import { EVENT_CATALOG, eventProblems, recordEvent } from './events.catalog';

describe('event catalog', () => {
  it('stamps recorded events with their catalog version and accepts them', () => {
    const { envelope } = recordEvent('user.registered', 'user.registered', { id: 'u1', email: 'a@example.com', name: 'A' });
    expect(envelope.v).toBe(EVENT_CATALOG['user.registered'].version);
    expect(eventProblems(envelope)).toEqual([]);
  });

  it('names unknown events, wrong versions and payloads off their schema', () => {
    const base = { id: 'e1', occurredAt: 1, source: 'test' };
    expect(eventProblems({ ...base, event: 'user.vanished', data: {} })).toEqual(['user.vanished: not in the event catalog']);
    expect(eventProblems({ ...base, event: 'category.changed', v: 9, data: { id: 'c1', change: 'created', version: 1 } })).toEqual([
      'category.changed: version 9, catalog has 2',
    ]);
    const bad = eventProblems({ ...base, event: 'inventory.low-stock', data: { sku: 'S', warehouse: 'w', available: '3', reorderPoint: 5, extra: 1 } });
    expect(bad.join('\n')).toMatch(/available/);
    expect(bad.join('\n')).toMatch(/extra/);
  });
});
