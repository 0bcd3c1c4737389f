import type { ActionResponse } from './openapi.types';

// Every routed action declares what it answers, beside its params (read by the OpenAPI generator).
declare module 'moleculer' {
  interface ActionSchema {
    response?: ActionResponse;
  }
}
