import type { ServiceSchema } from 'moleculer';
import { ConfigError } from '../config/env';
import { REGISTRY } from './registry';
import { IMPLEMENTED_SERVICES, type ServiceName } from './service-names';

/** `all` expands to every implemented service; an unknown name fails start-up naming it. */
export function resolveServices(requested: string[]): ServiceName[] {
  if (requested.includes('all')) return [...IMPLEMENTED_SERVICES];
  for (const name of requested) {
    if (!(IMPLEMENTED_SERVICES as readonly string[]).includes(name)) {
      throw new ConfigError('SERVICES', `a comma list of: all, ${IMPLEMENTED_SERVICES.join(', ')}`, name);
    }
  }
  return requested as ServiceName[];
}

export type LoadableName = ServiceName;

export async function loadServices(names: LoadableName[]): Promise<ServiceSchema[]> {
  const loaders = new Map(REGISTRY.manifests.map((m) => [m.name, m.load]));
  return Promise.all(names.map(async (n) => (await loaders.get(n)!()).default));
}
