import { z } from 'zod';
import { dashboardSummarySchema } from '../domain/dashboard';
import { channel } from './define';

export const dashboardChannels = {
  /** The governance figures of the dashboard, for today (UTC). */
  'dashboard.summary': channel({ input: z.strictObject({}), output: dashboardSummarySchema }),
};
