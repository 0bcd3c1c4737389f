import { storeDatabaseName, storeEnvVar } from '../config/stores';
import type { Registry } from '../services/registry.derive';

/** The files `npm run generate` keeps in step with the registry, each with its generated region. */
export const GENERATED_FILES = ['.env.example', 'docker-compose.yml', 'deploy/postgres/init-databases.sh'] as const;
export type GeneratedFile = (typeof GENERATED_FILES)[number];

const BEGIN = '# >>> generated from services/registry.ts by `npm run generate`: edit the manifests, not these lines';
const END = '# <<< generated';

/** `STORE_<NAME>=engine` lines, each under the one-line comment .env.example's test asks for. */
function envStoreLines(registry: Registry): string[] {
  return Object.entries(registry.storeDefaults).flatMap(([store, { service, engine }]) => [
    `# engine of the ${store} store${store === service ? '' : ` (${service} service)`}; default: ${engine}`,
    `${storeEnvVar(store)}=${engine}`,
  ]);
}

/** The databases the PostgreSQL container creates on its first start: every PostgreSQL-default store's. */
function initDatabaseLines(registry: Registry): string[] {
  return Object.entries(registry.storeDefaults)
    .filter(([, d]) => d.engine === 'postgres')
    .map(([store]) => `  ${storeDatabaseName(store)}`);
}

const SERVERS = ['postgres', 'mongo', 'dynamodb'] as const;

/** One compose service per registry node; each waits for the servers its stores' engines need. */
function composeNodeLines(registry: Registry): string[] {
  const lines: string[] = [];
  const gatewayNode = [...registry.nodes].find(([, services]) => services.includes('api'))?.[0];
  for (const [node, services] of registry.nodes) {
    const engines = new Set(
      Object.values(registry.storeDefaults)
        .filter((d) => services.includes(d.service))
        .map((d) => d.engine),
    );
    const gateway = services.includes('api');
    if (lines.length) lines.push('');
    lines.push(`  ${node}:`, '    <<: *node', '    environment:', '      <<: *node-env', `      NODE_ID: ${node}`);
    lines.push(`      SERVICES: ${services.join(',')}`);
    if (gateway) lines.push("      PORT: '3000'", '    ports:', "      - '${GATEWAY_PORT:-3000}:3000'");
    // The sandbox carrier posts its webhooks through the public door: the gateway's container, not its own loopback.
    else if (services.includes('shipping') && gatewayNode)
      lines.push(`      SANDBOX_CARRIER_WEBHOOK_URL: http://${gatewayNode}:3000/api/shipping/webhooks/sandbox`);
    lines.push('    depends_on:', '      nats: { condition: service_healthy }', '      redis: { condition: service_healthy }');
    for (const server of SERVERS) if (engines.has(server)) lines.push(`      ${server}: { condition: service_healthy }`);
    if (gateway) lines.push(...GATEWAY_HEALTHCHECK);
  }
  return lines;
}

const GATEWAY_HEALTHCHECK = [
  '    healthcheck:',
  "      # node:24-slim has no curl or wget; Node's fetch does the same job.",
  '      test:',
  '        - CMD',
  '        - node',
  '        - -e',
  `        - "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`,
  '      interval: 15s',
  '      timeout: 5s',
  '      retries: 3',
  '      start_period: 60s',
];

const RENDERERS: Record<GeneratedFile, (registry: Registry) => string[]> = {
  '.env.example': envStoreLines,
  'docker-compose.yml': composeNodeLines,
  'deploy/postgres/init-databases.sh': initDatabaseLines,
};

/** `text` with its generated region replaced; throws naming the file when the markers are missing. */
export function regenerate(file: GeneratedFile, text: string, registry: Registry): string {
  const lines = text.split('\n');
  const begin = lines.findIndex((l) => l.trim() === BEGIN);
  const end = lines.findIndex((l, i) => i > begin && l.trim() === END);
  if (begin < 0 || end < 0) throw new Error(`${file}: no generated region (${BEGIN} … ${END})`);
  const indent = lines[begin].slice(0, lines[begin].indexOf('#'));
  return [...lines.slice(0, begin + 1), ...RENDERERS[file](registry), `${indent}${END}`, ...lines.slice(end + 1)].join('\n');
}
