import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/config';
import { STORE_NAMES, storeEnvVar } from '../../config/stores';
import { ROOT } from './compose-file';
import { variablesReadByConfig } from './config-vars';

const exampleLines = readFileSync(path.join(ROOT, '.env.example'), 'utf8').split('\n');

/** `NAME=value` lines (comments and blank lines skipped), with the line number of each. */
function exampleEntries(): { name: string; value: string; line: number }[] {
  return exampleLines.flatMap((text, line) => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(text);
    return m ? [{ name: m[1], value: m[2], line }] : [];
  });
}

describe('.env.example', () => {
  const read = variablesReadByConfig();
  const entries = exampleEntries();
  const documented = entries.map((e) => e.name);

  it('finds the variables config/config.ts reads', () => {
    expect(read).toEqual(expect.arrayContaining(['MODE', 'TRANSPORTER', 'POSTGRES_URL', ...STORE_NAMES.map(storeEnvVar)]));
  });

  it('documents every variable config/config.ts reads', () => {
    expect(read.filter((v) => !documented.includes(v))).toEqual([]);
  });

  it('documents nothing config/config.ts does not read', () => {
    expect(documented.filter((v) => !read.includes(v))).toEqual([]);
  });

  it('lists each variable once', () => {
    expect(documented.filter((v, i) => documented.indexOf(v) !== i)).toEqual([]);
  });

  it('puts a one-line comment with the expected form and the default above each variable', () => {
    const undocumented = entries.filter((e) => !/^# .+default: .+/.test(exampleLines[e.line - 1] ?? '')).map((e) => e.name);
    expect(undocumented).toEqual([]);
  });

  it('holds the defaults: loading it gives the same config as an empty environment', () => {
    const env = Object.fromEntries(entries.map((e) => [e.name, e.value]));
    expect(loadConfig(env)).toEqual(loadConfig({}));
  });
});
