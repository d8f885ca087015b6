import type { ReactNode } from 'react';
import {
  datasetStatusLabels,
  sensitivityLabels,
  type DatasetStatus,
  type Sensitivity,
} from '../../shared/domain/dataset';
import { roleLabels, type Role } from '../../shared/domain/roles';

export type BadgeTone = 'neutral' | 'accent' | 'green' | 'blue' | 'amber' | 'red' | 'violet';

export function Badge({ tone = 'neutral', children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const sensitivityTones: Record<Sensitivity, BadgeTone> = {
  public: 'green',
  internal: 'blue',
  confidential: 'amber',
  restricted: 'red',
};

export function SensitivityBadge({ value }: { value: Sensitivity }) {
  return (
    <Badge tone={sensitivityTones[value]}>
      <span className="badge-dot" aria-hidden="true" />
      {sensitivityLabels[value]}
    </Badge>
  );
}

const statusTones: Record<DatasetStatus, BadgeTone> = {
  active: 'green',
  deprecated: 'amber',
  retired: 'neutral',
};

export function StatusBadge({ value }: { value: DatasetStatus }) {
  return <Badge tone={statusTones[value]}>{datasetStatusLabels[value]}</Badge>;
}

const roleTones: Record<Role, BadgeTone> = {
  lead: 'violet',
  steward: 'accent',
  auditor: 'amber',
  viewer: 'neutral',
};

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone={roleTones[role]}>{roleLabels[role]}</Badge>;
}

/** Whether this app may change the workspace file. */
export function AccessBadge({ readOnly }: { readOnly: boolean }) {
  return readOnly ? <Badge tone="amber">Read-only</Badge> : <Badge tone="green">Writable</Badge>;
}
