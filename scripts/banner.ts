import type { AppConfig } from '../config/config';
import { storesOf } from '../config/stores';
import { effectiveEngine } from '../config/effective-engine';
import type { ServiceName } from '../services/service-names';

/** Every service with the engine each of its stores really runs on (after embedded substitution). */
export function serviceEngines(cfg: AppConfig, services: ServiceName[]): { service: string; stores: string[] }[] {
  return services.map((service) => ({
    service,
    stores: storesOf([service]).map((s) => {
      const engine = effectiveEngine(cfg, s);
      return engine === cfg.stores[s] ? `${s}: ${engine}` : `${s}: ${engine} (configured ${cfg.stores[s]})`;
    }),
  }));
}

export function banner(cfg: AppConfig, services: ServiceName[], url: string, extra: string[] = []): string {
  const rows = serviceEngines(cfg, services).map(
    ({ service, stores }) => `  ${service.padEnd(18)} ${stores.join(', ') || '(no store)'}`,
  );
  return [
    '',
    `Shop platform running in ${cfg.mode} mode`,
    `  transporter        ${cfg.transporter ?? 'none (one process)'}`,
    `  cacher             ${cfg.cacher.kind}`,
    '',
    'Services and the engines their stores run on:',
    ...rows,
    '',
    `Gateway: ${url}   (health: ${url}/health, products: ${url}/products)`,
    ...extra,
    '',
  ].join('\n');
}
