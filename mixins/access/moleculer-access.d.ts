import type { AccessRule } from './access.types';

// Every action declares who may call it, beside its params (enforced by AccessMiddleware).
declare module 'moleculer' {
  interface ActionSchema {
    access?: AccessRule;
  }
}
