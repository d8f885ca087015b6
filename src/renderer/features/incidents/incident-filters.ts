import type { ChannelInput } from '../../../shared/contract';
import {
  type IncidentSeverity,
  incidentSeveritySchema,
  type IncidentStatus,
  incidentStatusSchema,
} from '../../../shared/domain/incident';

/**
 * What the incidents list shows. It lives in the URL (`?status=open,escalated&severity=high`),
 * so the dashboard can link to a filtered list and Back and a reload keep the view.
 */
export interface IncidentFilters {
  status: IncidentStatus[];
  severity: IncidentSeverity[];
}

/** Known values from a comma list (or repeated params), in the enum's order; others dropped. */
function listParam<T extends string>(
  params: URLSearchParams,
  name: string,
  options: readonly T[],
): T[] {
  const given = new Set(params.getAll(name).flatMap((value) => value.split(',')));
  return options.filter((option) => given.has(option));
}

export function readIncidentFilters(params: URLSearchParams): IncidentFilters {
  return {
    status: listParam(params, 'status', incidentStatusSchema.options),
    severity: listParam(params, 'severity', incidentSeveritySchema.options),
  };
}

/** Writes the filters into `params`, keeping what else the screen keeps there (the incident). */
export function writeIncidentFilters(
  params: URLSearchParams,
  filters: IncidentFilters,
): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('status');
  next.delete('severity');
  if (filters.status.length > 0) next.set('status', filters.status.join(','));
  if (filters.severity.length > 0) next.set('severity', filters.severity.join(','));
  return next;
}

export function hasIncidentFilters(filters: IncidentFilters): boolean {
  return filters.status.length > 0 || filters.severity.length > 0;
}

export function toIncidentListInput(filters: IncidentFilters): ChannelInput<'incidents.list'> {
  return {
    ...(filters.status.length > 0 ? { status: filters.status } : {}),
    ...(filters.severity.length > 0 ? { severity: filters.severity } : {}),
  };
}
