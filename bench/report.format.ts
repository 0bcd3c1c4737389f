/** Markdown formatting shared by the bench report's sections. */

export const f = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits);
export const ms = (n: number) => `${f(n, 2)} ms`;
export const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
export const table = (head: string[], rows: (string | number)[][]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
