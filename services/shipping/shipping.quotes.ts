import { randomUUID } from 'node:crypto';
import type { Doc, Store } from '../../mixins/store/store.types';
import { cartFingerprint, deliveryWindow } from './domain/quote';
import { priceCard } from './domain/rate-card';
import { matchZone } from './domain/zones';
import type { MethodDoc, ShippingAdmin, ZoneDoc } from './shipping.admin';
import type { Quote, QuoteAnswer, QuoteCheck, QuoteRequest, ShippingOption } from './shipping.contract';
import { quoteStale } from './shipping.errors';

/** Expired quotes are kept this long, so a late checkout hears "expired" rather than "unknown". */
const KEEP_EXPIRED_MS = 86_400_000;

/** A quote as stored: its id is the quoteId carts hold. */
type StoredQuote = Doc & Omit<Quote, 'quoteId'>;

interface ActiveCatalog {
  stamp: number;
  zones: ZoneDoc[];
  /** Active methods per zone id, by name then id (the order options are shown in). */
  methods: Map<string, MethodDoc[]>;
}

/**
 * Quotes bound to a cart. The active zones and methods are cached per node and re-read only when
 * the stamp (bumped by every admin write) moved, so a quote is a match in memory, pricing, and one
 * batch insert of the options.
 */
export class Quoter {
  private catalog?: ActiveCatalog;
  private loading?: { stamp: number; load: Promise<ActiveCatalog> };

  constructor(
    private readonly store: Store,
    private readonly admin: ShippingAdmin,
    private readonly ttlMs: number,
  ) {}

  get quotes() {
    return this.store.collection<StoredQuote>('quotes');
  }

  async quote(req: QuoteRequest, now = Date.now()): Promise<QuoteAnswer> {
    const { zones, methods } = await this.active();
    const zone = matchZone(zones, req.address);
    const unweighed = [...new Set(req.lines.filter((l) => l.weightG === undefined).map((l) => l.sku))];
    if (!zone) return { zoneId: null, options: [], unweighed };
    const weightG = req.lines.reduce((sum, l) => sum + (l.weightG ?? 0) * l.quantity, 0);
    const offered = methods.get(zone.id) ?? [];
    // One entry per unit: built only when a card splits parcels (most do not).
    const splits = offered.some((m) => m.rateCard.conditions?.maxParcelWeightG);
    const parcelWeightsG = splits ? req.lines.flatMap((l) => Array<number>(l.quantity).fill(l.weightG ?? 0)) : undefined;
    const cart = { weightG, goodsValue: req.goodsValue, currency: req.currency, parcelWeightsG };
    const fingerprint = cartFingerprint(req);
    const expiresAt = now + this.ttlMs;
    const quotes: StoredQuote[] = [];
    for (const m of offered) {
      // A card whose own conditions exclude the cart offers nothing (Medusa #11115 showed such methods).
      const price = priceCard(m.rateCard, cart);
      if (!price) continue;
      quotes.push({
        id: randomUUID(),
        cartId: req.cartId,
        fingerprint,
        zoneId: zone.id,
        methodId: m.id,
        rateVersion: m.rateVersion,
        name: m.name,
        carrier: m.carrier,
        serviceLevel: m.serviceLevel,
        price: price.amount,
        estimatedDelivery: deliveryWindow(now, m.deliveryDays),
        parcels: price.parcels,
        createdAt: now,
        expiresAt,
      });
    }
    if (quotes.length) await this.quotes.insertMany(quotes);
    return { zoneId: zone.id, options: quotes.map(option), unweighed };
  }

  /** The quote if it is this cart's, unexpired (with the grace given) and made for this fingerprint; else 409 naming why. */
  async check(req: QuoteCheck, now = Date.now()): Promise<Quote> {
    const quote = await this.quotes.get(req.quoteId);
    if (!quote || quote.cartId !== req.cartId) throw quoteStale(req.quoteId, 'unknown');
    if (quote.expiresAt + (req.graceMs ?? 0) <= now) throw quoteStale(req.quoteId, 'expired');
    if (quote.fingerprint !== req.fingerprint) throw quoteStale(req.quoteId, 'changed');
    return { ...quote, quoteId: quote.id };
  }

  /** Any active zone at all (checkout: none means the shop does not charge shipping). */
  async hasZones(): Promise<boolean> {
    return (await this.active()).zones.length > 0;
  }

  /** Deletes quotes expired for a day; any node may run it alongside others. */
  purgeExpired(now = Date.now()): Promise<number> {
    return this.quotes.removeMany({ expiresAt: { $lt: now - KEEP_EXPIRED_MS } });
  }

  /** One read by key per quote: the cache is exact, an admin write on any node is seen by the next quote. */
  private async active(): Promise<ActiveCatalog> {
    const stamp = await this.admin.stamp();
    if (this.catalog?.stamp === stamp) return this.catalog;
    let loading = this.loading;
    if (loading?.stamp !== stamp) {
      const load = this.load(stamp);
      this.loading = loading = { stamp, load };
      load.catch(() => undefined).finally(() => this.loading?.load === load && (this.loading = undefined));
    }
    return loading.load;
  }

  private async load(stamp: number): Promise<ActiveCatalog> {
    const [zones, all] = await Promise.all([
      this.admin.zones.find({ filter: { active: true } }),
      this.admin.methods.find({ filter: { active: true }, sort: ['name'] }),
    ]);
    const methods = new Map<string, MethodDoc[]>();
    for (const m of all) methods.set(m.zoneId, [...(methods.get(m.zoneId) ?? []), m]);
    const loaded = { stamp, zones, methods };
    // A slower load of an older stamp never replaces a newer catalog.
    if (!this.catalog || this.catalog.stamp <= stamp) this.catalog = loaded;
    return loaded;
  }
}

/** What the cart shows of a stored quote. */
const option = (q: StoredQuote): ShippingOption => ({
  quoteId: q.id,
  methodId: q.methodId,
  name: q.name,
  carrier: q.carrier,
  serviceLevel: q.serviceLevel,
  price: q.price,
  estimatedDelivery: q.estimatedDelivery,
  parcels: q.parcels,
  expiresAt: q.expiresAt,
});
