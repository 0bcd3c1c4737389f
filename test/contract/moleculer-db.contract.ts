import { ServiceBroker, type ServiceSchema, type ServiceSettingSchema } from 'moleculer';
import DbService from 'moleculer-db';
import { StoreDbAdapter } from '../../mixins/store/moleculer-db.adapter';
import type { Store } from '../../mixins/store/store.types';

/** moleculer-db's own actions, served by our adapter bridge over one engine's collection. */
export async function checkMoleculerDbActions(store: Store): Promise<void> {
  const broker = new ServiceBroker({ logger: false });
  let n = 0;
  const schema: ServiceSchema<ServiceSettingSchema, Record<string, never>, { adapter: StoreDbAdapter }> = {
    name: 'items',
    mixins: [DbService as Partial<ServiceSchema>],
    settings: { idField: 'id' } as ServiceSettingSchema,
    created() {
      this.adapter = new StoreDbAdapter(
        () => store.collection('stock'),
        () => Promise.resolve(),
        () => `mdb-${Date.now()}-${n++}`,
      );
    },
  };
  broker.createService(schema as ServiceSchema);
  await broker.start();
  try {
    const wh = `mdb-${Date.now()}`;
    const a = await broker.call<{ id: string }, object>('items.create', { sku: `${wh}-a`, warehouse: wh, available: 2 });
    await broker.call('items.insert', { entities: [{ sku: `${wh}-b`, warehouse: wh, available: 7 }] });
    expect(await broker.call('items.get', { id: a.id })).toMatchObject({ id: a.id, available: 2, version: 1 });
    expect(await broker.call('items.count', { query: { warehouse: wh } })).toBe(2);
    const page = await broker.call<{ rows: { available: number }[]; total: number }, object>('items.list', {
      query: { warehouse: wh },
      sort: '-available',
      pageSize: 1,
      page: 2,
    });
    expect(page).toMatchObject({ total: 2, page: 2, pageSize: 1, totalPages: 2 });
    expect(page.rows.map((r) => r.available)).toEqual([2]);
    expect(await broker.call('items.update', { id: a.id, available: 5 })).toMatchObject({ available: 5, version: 2 });
    await broker.call('items.remove', { id: a.id });
    await expect(broker.call('items.get', { id: a.id })).rejects.toMatchObject({ code: 404 });
  } finally {
    await broker.stop();
  }
}
