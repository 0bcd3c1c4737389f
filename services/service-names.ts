import { REGISTRY, type ServiceName } from './registry';

/** Every service this build implements (services/registry.ts); health expects each to be running somewhere in the cluster. */
export const IMPLEMENTED_SERVICES = REGISTRY.serviceNames as readonly ServiceName[];
export type { ServiceName };
