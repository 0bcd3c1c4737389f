/**
 * The template language: `{{ name }}` or `{{ path.to.name }}` placeholders, nothing else (no logic,
 * no helpers), so an admin-authored template cannot run code or reach beyond the values given.
 */
const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const PLACEHOLDER = new RegExp(`\\{\\{\\s*(${NAME}(?:\\.${NAME})*)\\s*\\}\\}`, 'g');

export type Vars = Record<string, unknown>;

export interface Renderable {
  format: 'text' | 'html';
  subject: string;
  body: string;
}

export class MissingVariableError extends Error {
  constructor(readonly variables: string[]) {
    super(`missing variable${variables.length > 1 ? 's' : ''} ${variables.join(', ')}`);
    this.name = 'MissingVariableError';
  }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** A scalar at `path`, read through own properties only (`__proto__` or `constructor` never resolve). */
export function lookup(vars: Vars, path: string): string | undefined {
  let value: unknown = vars;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return String(value);
  return undefined;
}

/** The variables a template source uses, each once, in order of first use. */
export function placeholders(source: string): string[] {
  return [...new Set([...source.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** Braces that are not a well-formed placeholder: a typo an admin should hear about before it ships. */
export function syntaxProblem(source: string): string | null {
  const rest = source.replace(PLACEHOLDER, '');
  const at = rest.search(/\{\{|\}\}/);
  return at < 0 ? null : `malformed placeholder near "${rest.slice(Math.max(0, at - 10), at + 12)}"`;
}

function fill(source: string, vars: Vars, escape: boolean): string {
  return source.replace(PLACEHOLDER, (_m, path: string) => {
    const value = lookup(vars, path)!;
    return escape ? escapeHtml(value) : value;
  });
}

/**
 * Renders subject and body. Every placeholder must have a value, or MissingVariableError names
 * them all. HTML bodies escape values; the subject is a mail header: plain text on one line.
 */
export function render(template: Renderable, vars: Vars): { subject: string; body: string } {
  const missing = placeholders(`${template.subject}\n${template.body}`).filter((p) => lookup(vars, p) === undefined);
  if (missing.length) throw new MissingVariableError(missing);
  return {
    subject: fill(template.subject, vars, false).replace(/[\r\n]+/g, ' '),
    body: fill(template.body, vars, template.format === 'html'),
  };
}

/** The version of each channel's template in use: the highest number per channel. */
export function currentByChannel<T extends { channel: string; templateVersion: number }>(versions: T[]): Map<string, T> {
  const current = new Map<string, T>();
  for (const t of versions) {
    const best = current.get(t.channel);
    if (!best || t.templateVersion > best.templateVersion) current.set(t.channel, t);
  }
  return current;
}
