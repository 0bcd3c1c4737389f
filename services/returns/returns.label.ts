import { Errors } from 'moleculer';
import { SYSTEM_PRINCIPAL } from '../../mixins/access/access.types';
import type { Ctx, ReturnsThis } from './returns.methods';
import type { ReturnDoc } from './returns.ops';

type LabelMeta = { $statusCode?: number; $location?: string; $responseType?: string; $responseHeaders?: Record<string, string> };
/** A Buffer, or one a JSON transporter turned into `{type: 'Buffer', data}`. */
type Carried = Buffer | { type: 'Buffer'; data: number[] };

const noLabel = () => new Errors.MoleculerClientError('This return has no label yet', 404, 'NOT_FOUND');

/**
 * The customer's return label: the document shipping keeps for the return parcel (`ret-<id>`),
 * with its content type; a label the carrier hosts is a 302 to the carrier's URL. Shipping's own
 * label route is for staff, so returns reads it as the platform after checking the caller.
 */
export async function labelDocument(svc: ReturnsThis, ctx: Ctx<unknown>, doc: ReturnDoc): Promise<Buffer | null> {
  if (!doc.label) throw noLabel();
  const meta: { user: typeof SYSTEM_PRINCIPAL } & LabelMeta = { user: SYSTEM_PRINCIPAL };
  try {
    const data = await svc.broker.call<Carried, { id: string }>('shipping.getShipmentLabel', { id: `ret-${doc.id}` }, { meta });
    const out = ctx.meta as typeof ctx.meta & LabelMeta;
    out.$responseType = meta.$responseType ?? 'application/pdf';
    out.$responseHeaders = { 'Content-Disposition': `inline; filename="return-${doc.rma}.pdf"`, 'Cache-Control': 'private, no-store' };
    return Buffer.isBuffer(data) ? data : Buffer.from(data.data);
  } catch (err) {
    if ((err as { code?: number }).code !== 404) throw err;
    // Not kept by shipping: the carrier hosts it (an absolute URL), or there is none to give.
    const url = doc.label.url;
    if (!url || !/^https:\/\//.test(url)) throw noLabel();
    ctx.meta.$statusCode = 302;
    (ctx.meta as LabelMeta).$location = url;
    return null;
  }
}
