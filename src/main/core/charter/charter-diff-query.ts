import { diffCharters } from '../../../shared/domain/charter-diff';
import type { CharterDiff } from '../../../shared/domain/charter-diff-schema';
import type { Workspace } from '../workspace/workspace';
import { getCharterVersion } from './charter-queries';

/** What changed from version `from` to version `to` of this node's charter (NOT_FOUND if either is missing). */
export function diffCharterVersions(ws: Workspace, from: number, to: number): CharterDiff {
  const before = getCharterVersion(ws, from);
  const after = getCharterVersion(ws, to);
  return diffCharters(
    { version: before.version, content: before.content },
    { version: after.version, content: after.content },
  );
}
