import { createContext, useContext } from 'react';
import type { WorkspaceStatus } from '../../shared/domain/workspace';

export type OpenWorkspace = Extract<WorkspaceStatus, { state: 'open' }>;

export interface WorkspaceContextValue {
  status: OpenWorkspace;
  /** Re-reads the status (counts, roles) without a loading screen. */
  refresh: () => void;
}

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (value === null) throw new Error('useWorkspace() needs an open workspace above it.');
  return value;
}
