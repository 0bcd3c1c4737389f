import { isStoreOutage } from './store.outage';

describe('isStoreOutage', () => {
  it('recognises a store that cannot be reached, however the driver wraps it', () => {
    const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(isStoreOutage(terminated)).toBe(true);
    expect(isStoreOutage(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isStoreOutage(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isStoreOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isStoreOutage({ name: 'QueryFailedError', message: 'q', driverError: terminated })).toBe(true);
    expect(isStoreOutage(new AggregateError([Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })]))).toBe(true);
    expect(isStoreOutage(Object.assign(new Error('boom'), { name: 'MongoServerSelectionError' }))).toBe(true);
  });

  it('leaves bugs, conflicts and bad input alone', () => {
    expect(isStoreOutage(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isStoreOutage(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
    expect(isStoreOutage(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isStoreOutage(null)).toBe(false);
    expect(isStoreOutage('Connection terminated')).toBe(false);
  });
});
