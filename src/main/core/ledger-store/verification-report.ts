import type { LedgerFaultKind } from './verify-chain';

export type VerificationFaultKind =
  | LedgerFaultKind
  /** A checkpoint's signature does not verify with the node's key. */
  | 'checkpoint-signature'
  /** A signed checkpoint names a size the ledger no longer reaches: rollback or truncation. */
  | 'rollback'
  /** The entries do not hash to a signed checkpoint's root at its size. */
  | 'checkpoint-mismatch'
  /** Two signed checkpoints for one size with different roots: both cannot be true. */
  | 'fork'
  /** A projection row differs from what replaying the ledger produces. */
  | 'projection-mismatch';

export interface VerificationFault {
  /** First bad entry, where the fault is tied to one. */
  seq: number | null;
  kind: VerificationFaultKind;
  message: string;
}

export interface VerificationCheck {
  level: 1 | 2 | 3;
  name: string;
  /** What was checked, in plain words. */
  detail: string;
  ok: boolean;
}

export interface VerificationReport {
  ok: boolean;
  source: string;
  size: number;
  /** Lowercase hex root of the verified entries. */
  root: string;
  checkpoint: { size: number; root: string; keyName: string; vkey: string } | null;
  checks: VerificationCheck[];
  fault: VerificationFault | null;
}

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
