import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ServiceSchema } from 'moleculer';
import { REGISTRY } from '../../services/registry';
import { accessMatrix } from '../security/access-cases';

/** Each manifest agrees with the service it loads: its name, and the durable consumers it declares. */
describe.each(REGISTRY.manifests.map((m) => [m.name, m] as const))('manifest of %s', (_name, m) => {
  let schema: ServiceSchema & { eventConsumers?: Record<string, unknown> };
  beforeAll(async () => {
    schema = (await m.load()).default;
  });

  it('sits in its folder as <folder>.module.ts', () => {
    expect(existsSync(path.join(m.dir, `${path.basename(m.dir)}.module.ts`))).toBe(true);
  });

  it('loads the service of its name', () => {
    expect(schema.name).toBe(m.name);
  });

  it('declares exactly the events the service consumes durably', () => {
    expect(Object.keys(schema.eventConsumers ?? {}).sort()).toEqual([...m.events.consumes].sort());
  });
});

describe('authorization cases', () => {
  it('gathers every service’s rows, and refuses a service without a cases file, naming it', () => {
    expect(Object.keys(accessMatrix(REGISTRY.manifests)).length).toBeGreaterThan(70);
    const bare = { ...REGISTRY.manifests[0], name: 'bare', dir: path.join(__dirname, 'fixture') };
    expect(() => accessMatrix([bare])).toThrow(/service bare has no authorization cases/);
  });
});
