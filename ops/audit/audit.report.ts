import { INVARIANTS, type AuditReport } from './audit.types';

/**
 * The audit as people read it (script, REPL): one line per violation, then a summary line with what
 * was read. No row data beyond ids, statuses and figures: nothing secret is ever in a report.
 */
export function formatReport(report: AuditReport): string[] {
  const lines = report.violations.map((v) => `VIOLATION ${v.invariant} ${v.subject}: ${v.detail}`);
  const read = Object.entries(report.counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const broken = new Set(report.violations.map((v) => v.invariant));
  const verdict = report.violations.length
    ? `${report.violations.length} violation${report.violations.length === 1 ? '' : 's'} of ${broken.size} invariant${broken.size === 1 ? '' : 's'}`
    : `all ${Object.keys(INVARIANTS).length} invariants hold`;
  lines.push(`audit ${new Date(report.checkedAt).toISOString()}: ${verdict} (read ${read})`);
  return lines;
}
