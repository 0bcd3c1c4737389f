/**
 * The Location of a 201 (RFC 9110 §15.3.2): the created item's own URL, `<request path>/<id>`, when
 * the gateway serves a GET there; else the request's path, which is what a 201 without Location
 * means anyway (the created resource is the request's target), so saying it costs nothing and spares
 * moleculer-web's warning on every create. Null when the path holds anything a header may not carry.
 */
export function createdLocation(requestPath: string, body: unknown, readable: (path: string) => boolean): string | null {
  if (!/^\/[\x21-\x7e]*$/.test(requestPath)) return null;
  const id = (body as { id?: unknown } | null)?.id;
  if (typeof id === 'string' || typeof id === 'number') {
    const item = `${requestPath.replace(/\/+$/, '')}/${encodeURIComponent(String(id))}`;
    if (readable(item)) return item;
  }
  return requestPath;
}

/** The /api route's onAfterCall: gives a 201 whose action named no Location the one above. */
export function locateCreated(
  this: { resolveAlias(url: string, method: string): unknown },
  ctx: { meta: { $statusCode?: number; $location?: string } },
  _route: unknown,
  req: { parsedUrl?: string },
  _res: unknown,
  data: unknown,
): unknown {
  if (ctx.meta.$statusCode === 201 && !ctx.meta.$location) {
    const location = createdLocation(req.parsedUrl ?? '', data, (path) => Boolean(this.resolveAlias(path, 'GET')));
    if (location) ctx.meta.$location = location;
  }
  return data;
}
