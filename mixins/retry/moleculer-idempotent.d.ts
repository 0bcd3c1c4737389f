// Every action declares whether a repeat is harmless, beside its `access` (enforced by IdempotentRetryMiddleware).
declare module 'moleculer' {
  interface ActionSchema {
    idempotent?: boolean;
  }
}

export {};
