/** Request headers an action reads beside its params; each is documented as a header parameter. */
export type RequestHeaderName = 'Idempotency-Key' | 'X-Cart-Token' | 'X-Sandbox-Signature';

/**
 * What an action answers on success, declared beside its params (`response:` in the action schema):
 * the OpenAPI document and the typed test client are generated from it.
 */
export interface ActionResponse {
  /** The success status; a list when it depends on the outcome (e.g. 201 created, 200 already there). */
  status: number | number[];
  /** fastest-validator-like rules for the body: an object's properties, or a `$$root: true` rule. None for 204. */
  schema?: Record<string, unknown>;
  description?: string;
  /** The body's media type when it is not JSON (the docs page, its assets). */
  contentType?: string;
  /** A typical body, shown in the document. */
  example?: unknown;
  /** Error statuses beyond those the route's shape implies (e.g. 409 on a state conflict), with what they mean. */
  errors?: Record<number, string>;
  /** Request headers the action reads. */
  headers?: RequestHeaderName[];
}
