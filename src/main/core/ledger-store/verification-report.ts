import type { VerificationReport } from '../../../shared/domain/ledger';

/*
 * The report's shape is part of the contract (src/shared/domain/ledger.ts): the CLI prints it
 * as JSON and the app shows it. verify-workspace assigns level-1 faults to it directly, so the
 * compiler keeps LedgerFaultKind inside the shared list of fault kinds.
 */
export type { VerificationFaultKind, VerificationReport } from '../../../shared/domain/ledger';
export type VerificationFault = NonNullable<VerificationReport['fault']>;
export type VerificationCheck = VerificationReport['checks'][number];

/** The report as a person reads it: what was checked and, on failure, where and what. */
export function describeReport(report: VerificationReport): string {
  const lines = [
    report.ok
      ? `Verified ${report.source}: ${report.size} entries.`
      : `Verification FAILED for ${report.source}.`,
  ];
  for (const check of report.checks) {
    lines.push(`  ${check.ok ? '✓' : '✗'} level ${check.level}, ${check.name}: ${check.detail}`);
  }
  if (report.checkpoint) {
    lines.push(
      `  checkpoint: size ${report.checkpoint.size}, root ${report.checkpoint.root}, signed by ${report.checkpoint.vkey}`,
    );
  }
  if (report.fault) {
    const where = report.fault.seq === null ? '' : ` at entry ${report.fault.seq}`;
    lines.push(`  fault${where} (${report.fault.kind}): ${report.fault.message}`);
  }
  return lines.join('\n');
}
