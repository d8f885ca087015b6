import { todayOf } from '../access/access-queries';
import { dashboardSummary } from '../dashboard/dashboard-summary';
import type { WorkspaceSession } from '../workspace/workspace-session';
import type { HandlersFor } from './dispatch';

export function dashboardHandlers(session: WorkspaceSession): HandlersFor<'dashboard'> {
  return {
    'dashboard.summary': () => dashboardSummary(session.require(), todayOf()),
  };
}
