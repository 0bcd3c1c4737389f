import { readFileSync } from 'node:fs';
import path from 'node:path';
import { STORE_NAMES, storeEnvVar } from '../../config/stores';
import { ROOT } from './compose-file';

/**
 * Variable names config/config.ts reads: literal first arguments of the envReader calls, plus the
 * per-store variables its storeEnvVar loop generates. A call this cannot resolve throws rather than
 * silently going unchecked.
 */
export function variablesReadByConfig(): string[] {
  const source = readFileSync(path.join(ROOT, 'config/config.ts'), 'utf8');
  const reader = /const\s+(\w+)\s*=\s*envReader\(/.exec(source)?.[1];
  if (!reader) throw new Error('config/config.ts no longer builds its reader with `const x = envReader(env)`');
  const names = new Set<string>();
  const call = new RegExp(`\\b${reader}\\.(\\w+)\\s*(?:<[^>()]*>)?\\(\\s*([^,)]+)`, 'g');
  for (const [, method, arg] of source.matchAll(call)) {
    const literal = /^['"`]([A-Z][A-Z0-9_]*)['"`]$/.exec(arg.trim());
    if (literal) names.add(literal[1]);
    else if (arg.trim().startsWith('storeEnvVar(')) STORE_NAMES.forEach((s) => names.add(storeEnvVar(s)));
    else throw new Error(`config/config.ts: cannot tell which variable ${reader}.${method}(${arg.trim()}, …) reads`);
  }
  for (const [, name] of source.matchAll(/process\.env(?:\.|\[['"])([A-Z][A-Z0-9_]*)/g)) names.add(name);
  return [...names].sort();
}
