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
  const names = new Set<string>();
  // config.ts and the per-topic readers it calls (e.g. mail.ts), each with its own envReader.
  for (const file of [
    'config/config.ts',
    'config/mail.ts',
    'config/payments.ts',
    'config/sagas.ts',
    'config/tls.ts',
    'config/pii.ts',
    'config/search.ts',
    'config/shipping.ts',
  ])
    readFile(file, names);
  return [...names].sort();
}

function readFile(file: string, names: Set<string>): void {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  const reader = /const\s+(\w+)\s*=\s*envReader\(/.exec(source)?.[1];
  if (!reader) throw new Error(`${file} no longer builds its reader with \`const x = envReader(env)\``);
  const call = new RegExp(`\\b${reader}\\.(\\w+)\\s*(?:<[^>()]*>)?\\(\\s*([^,)]+)`, 'g');
  for (const [, method, arg] of source.matchAll(call)) {
    const literal = /^['"`]([A-Z][A-Z0-9_]*)['"`]$/.exec(arg.trim());
    if (literal) names.add(literal[1]);
    else if (arg.trim().startsWith('storeEnvVar(')) STORE_NAMES.forEach((s) => names.add(storeEnvVar(s)));
    else throw new Error(`${file}: cannot tell which variable ${reader}.${method}(${arg.trim()}, …) reads`);
  }
  for (const [, name] of source.matchAll(/process\.env(?:\.|\[['"])([A-Z][A-Z0-9_]*)/g)) names.add(name);
}
