/**
 * A business rule's refusal, raised by the pure order files (which import nothing of Moleculer);
 * the service turns it into a client error with the same status, type and data.
 */
export class OrderRuleError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: 404 | 409 | 422 = 409,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'OrderRuleError';
  }
}
