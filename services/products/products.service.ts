import { randomUUID } from 'node:crypto';
import { Errors, type Context, type ServiceSchema, type ServiceSettingSchema } from 'moleculer';
import { StoresMixin, type StoresMethods } from '../../mixins/stores.mixin';
import { idParam, pageParams, searchParam } from '../../mixins/validation/params';
import type { Collection } from '../../mixins/store/store.types';
import { catalogSchema } from './products.schema';
import { moneyParam, type CreateProductParams, type Product, type ProductPage } from './products.contract';

interface ProductsMethods extends StoresMethods {
  products(): Collection<Product>;
}

const ProductsService: ServiceSchema<ServiceSettingSchema, ProductsMethods> = {
  name: 'products',
  mixins: [StoresMixin({ catalog: catalogSchema })],
  actions: {
    list: {
      rest: 'GET /',
      access: 'public',
      cache: { keys: ['page', 'pageSize', 'search'] },
      params: {
        ...pageParams,
        search: searchParam(200),
        $$strict: 'remove',
      },
      async handler(ctx: Context<{ page: number; pageSize: number; search?: string }>): Promise<ProductPage> {
        const { page, pageSize, search } = ctx.params;
        const filter = { status: 'active' };
        const text = search ? { text: search, fields: ['name', 'description', 'brand'] } : undefined;
        const [rows, total] = await Promise.all([
          this.products().find({ filter, search: text, sort: ['name'], limit: pageSize, offset: (page - 1) * pageSize }),
          this.products().count({ filter, search: text }),
        ]);
        return { rows, total, page, pageSize };
      },
    },
    get: {
      rest: 'GET /:id',
      access: 'public',
      cache: { keys: ['id'] },
      params: { id: idParam },
      async handler(ctx: Context<{ id: string }>): Promise<Product> {
        const product = await this.products().get(ctx.params.id);
        if (!product || product.status !== 'active') throw new Errors.MoleculerClientError('Product not found', 404, 'NOT_FOUND');
        return product;
      },
    },
    /** Admins (and platform code such as the demo seed); its REST route comes with the catalog work. */
    create: {
      visibility: 'public',
      access: { roles: ['admin'] },
      params: {
        slug: { type: 'string', pattern: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, max: 120 },
        name: { type: 'string', min: 1, max: 200 },
        description: { type: 'string', max: 5_000, default: '' },
        brand: { type: 'string', min: 1, max: 100 },
        categoryId: { type: 'string', max: 64, optional: true },
        status: { type: 'enum', values: ['draft', 'active', 'archived'], default: 'draft' },
        attributes: { type: 'record', key: { type: 'string', max: 50 }, value: { type: 'string', max: 200 }, default: {} },
        images: { type: 'array', items: { type: 'url' }, max: 20, default: [] },
        variants: {
          type: 'array',
          min: 1,
          max: 100,
          items: {
            type: 'object',
            strict: true,
            props: {
              sku: { type: 'string', pattern: /^[A-Z0-9][A-Z0-9-]{0,63}$/ },
              price: moneyParam,
              attributes: { type: 'record', key: { type: 'string', max: 50 }, value: { type: 'string', max: 200 }, default: {} },
            },
          },
        },
        $$strict: true,
      },
      async handler(ctx: Context<CreateProductParams>): Promise<Product> {
        const now = Date.now();
        const product = await this.products().insert({
          status: 'draft',
          ...ctx.params,
          id: randomUUID(),
          createdAt: now,
          updatedAt: now,
        });
        await this.broker.cacher?.clean(`${this.fullName}.**`);
        return product;
      },
    },
    count: {
      visibility: 'public',
      access: 'internal',
      async handler(): Promise<number> {
        return this.products().count();
      },
    },
  },
  methods: {
    products(): Collection<Product> {
      return this.store('catalog').collection<Product>('products');
    },
  },
};

export default ProductsService;
