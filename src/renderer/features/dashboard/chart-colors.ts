import type { LiveGrantStatus } from '../../../shared/domain/dashboard';
import type { IncidentSeverity } from '../../../shared/domain/incident';

/**
 * Chart fills as literal colours: SVG presentation attributes do not resolve CSS custom
 * properties everywhere, so these mirror the theme in global.css rather than reference it.
 */
export const chartColors = {
  accent: '#4958d0',
  accentSoft: '#aab3ec',
  danger: '#c23a2f',
  muted: '#8a929f',
  grid: '#e2e5ea',
  text: '#5b6472',
} as const;

export const grantStatusColors: Record<LiveGrantStatus, string> = {
  requested: '#8a929f',
  approved: '#8f9ae6',
  active: '#4958d0',
  suspended: '#c98a1b',
};

export const severityColors: Record<IncidentSeverity, string> = {
  low: '#8a929f',
  medium: '#c98a1b',
  high: '#dd6a2a',
  critical: '#c23a2f',
};

/** Tiers in the charter's order; a charter has at most 12, so the palette repeats rarely. */
const tierPalette = ['#4958d0', '#2f9e8f', '#c98a1b', '#8e5bc7', '#dd6a2a', '#3b8bd0'];

export function tierColor(index: number): string {
  return tierPalette[index % tierPalette.length] ?? chartColors.accent;
}
