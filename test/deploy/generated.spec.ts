import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REGISTRY } from '../../services/registry';
import { GENERATED_FILES, regenerate } from '../../scripts/generate-files';
import { ROOT } from './compose-file';

describe('files generated from the service registry (npm run generate)', () => {
  it.each(GENERATED_FILES.map((f) => [f]))('%s is in step with services/registry.ts', (file) => {
    const committed = readFileSync(path.join(ROOT, file), 'utf8');
    expect(regenerate(file, committed, REGISTRY)).toBe(committed);
  });

  it('refuses a file whose generated region is gone, naming it', () => {
    expect(() => regenerate('.env.example', 'MODE=embedded\n', REGISTRY)).toThrow(/\.env\.example: no generated region/);
  });
});
