import { z } from 'zod';

/** In-app roles an operator can hold on a node (ARCHITECTURE.md §1). */
export const roleSchema = z.enum(['lead', 'steward', 'auditor', 'viewer']);
export type Role = z.infer<typeof roleSchema>;

export const roleLabels: Record<Role, string> = {
  lead: 'Governance lead',
  steward: 'Data steward',
  auditor: 'Auditor',
  viewer: 'Viewer',
};

export const roleListSchema = z
  .array(roleSchema)
  .min(1, 'Choose at least one role')
  .max(4)
  .refine((roles) => new Set(roles).size === roles.length, 'Each role may be listed once');

/** Parses the CLI form `lead,steward,auditor`. */
export function parseRoleList(text: string): Role[] {
  return roleListSchema.parse(
    text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  );
}
