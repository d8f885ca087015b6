import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { errorCodes } from '../../../../shared/errors';

/**
 * What the app found when it last failed to open a workspace, kept beside it. With it, the next
 * start shows the recovery screen again (the files were moved aside, so the path is empty)
 * rather than the first-start setup; a restore or a new workspace clears it.
 */
const recoveryMarkerSchema = z.strictObject({
  code: z.enum(errorCodes),
  message: z.string(),
  movedAside: z.array(z.string()),
  detectedAt: z.string(),
});
export type RecoveryMarker = z.infer<typeof recoveryMarkerSchema>;

export function recoveryMarkerPath(workspacePath: string): string {
  return `${workspacePath}.recovery.json`;
}

export function writeRecoveryMarker(workspacePath: string, marker: RecoveryMarker): void {
  const file = recoveryMarkerPath(workspacePath);
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(marker, null, 2)}\n`);
  renameSync(temporary, file);
}

/** The marker, or undefined when there is none (or it is not one of ours). */
export function readRecoveryMarker(workspacePath: string): RecoveryMarker | undefined {
  let text: string;
  try {
    text = readFileSync(recoveryMarkerPath(workspacePath), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = recoveryMarkerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function clearRecoveryMarker(workspacePath: string): void {
  rmSync(recoveryMarkerPath(workspacePath), { force: true });
}
