/**
 * A business rule's refusal raised by pure domain code (which imports nothing of Moleculer): a
 * machine-readable code, a message for people and the data that explains it. Each service turns
 * it into its own 4xx.
 */
export class RuleError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
