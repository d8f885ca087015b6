import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  incidentSeverityLabels,
  incidentSeveritySchema,
  incidentStatusLabels,
  incidentStatusSchema,
} from '../../../shared/domain/incident';
import { useAppEvent, useClient } from '../../api/client-context';
import { useWorkspace } from '../../app/workspace-context';
import { LoadErrorBanner } from '../../ui/banner';
import { EmptyState } from '../../ui/empty-state';
import { FilterMenu } from '../../ui/filter-menu';
import { pluralise } from '../../ui/format';
import { AlertIcon, PlusIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toast';
import { useShortcut } from '../../ui/use-shortcut';
import { useLiveQuery } from '../charter/use-live-query';
import {
  hasIncidentFilters,
  type IncidentFilters,
  readIncidentFilters,
  toIncidentListInput,
  writeIncidentFilters,
} from './incident-filters';
import { IncidentList } from './incident-list';
import { IncidentPanel } from './incident-panel';
import { incidentBlocker } from './incident-permissions';
import { RecordIncidentDialog } from './record-incident-dialog';
import './incidents.css';

const statusOptions = incidentStatusSchema.options.map((value) => ({
  value,
  label: incidentStatusLabels[value],
}));
const severityOptions = incidentSeveritySchema.options.map((value) => ({
  value,
  label: incidentSeverityLabels[value],
}));

/**
 * Incidents against partners, datasets and grants: a list filtered from the URL (the dashboard
 * links to `?status=open,escalated`), the chosen incident's detail beside it (`?incident=ID`),
 * and the dialogs that record, escalate and resolve them. `n` records one.
 */
export function IncidentsScreen() {
  const client = useClient();
  const toast = useToast();
  const { status } = useWorkspace();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readIncidentFilters(params), [params]);
  const openId = params.get('incident');
  const [recording, setRecording] = useState(false);
  // Bumped on every change main reports, so the list and the open incident refetch.
  const [revision, setRevision] = useState(0);
  useAppEvent((event) => {
    if (event.name === 'workspace.changed') setRevision((current) => current + 1);
  });
  const input = useMemo(() => toIncidentListInput(filters), [filters]);
  const load = useCallback(() => client.call('incidents.list', input), [client, input]);
  const list = useLiveQuery(load, revision);
  const recordBlocker = incidentBlocker(status, 'record');

  function update(change: (current: URLSearchParams) => URLSearchParams): void {
    setParams((current) => change(current), { replace: true });
  }
  function setFilters(patch: Partial<IncidentFilters>): void {
    update((current) =>
      writeIncidentFilters(current, { ...readIncidentFilters(current), ...patch }),
    );
  }
  function show(id: string | null): void {
    update((current) => {
      const next = new URLSearchParams(current);
      if (id === null) next.delete('incident');
      else next.set('incident', id);
      return next;
    });
  }

  useShortcut('n', () => {
    if (recordBlocker === null) setRecording(true);
  });

  const recordButton = (
    <button
      type="button"
      className="button button-primary"
      data-testid="incident-record"
      disabled={recordBlocker !== null}
      title={recordBlocker ?? 'Record an incident (n)'}
      onClick={() => {
        setRecording(true);
      }}
    >
      <PlusIcon />
      Record incident
    </button>
  );

  const rows = list.value?.rows ?? null;
  return (
    <div className="page page-fill incidents-screen">
      <PageHeader
        title="Incidents"
        description="Incidents against partners, datasets and grants: escalate them, resolve them, and suspend or revoke the grants they concern."
        actions={recordButton}
      />
      <div className="incidents-split">
        <div className="incidents-main">
          <div className="toolbar" role="group" aria-label="Filter incidents">
            <FilterMenu
              label="Status"
              options={statusOptions}
              selected={filters.status}
              onChange={(next) => {
                setFilters({ status: next });
              }}
            />
            <FilterMenu
              label="Severity"
              options={severityOptions}
              selected={filters.severity}
              onChange={(next) => {
                setFilters({ severity: next });
              }}
            />
            {hasIncidentFilters(filters) ? (
              <button
                type="button"
                className="button button-ghost"
                onClick={() => {
                  setFilters({ status: [], severity: [] });
                }}
              >
                Clear filters
              </button>
            ) : null}
            <span className="toolbar-spacer" />
            {list.value ? (
              <span className="toolbar-count" data-testid="incident-count">
                {pluralise(list.value.total, 'incident')}
              </span>
            ) : null}
          </div>
          {list.error ? (
            <LoadErrorBanner
              title="Incidents could not be loaded"
              error={list.error}
              onRetry={list.retry}
              tone={rows ? 'warning' : 'danger'}
            />
          ) : null}
          {rows === null ? (
            list.error ? null : (
              <Spinner label="Loading incidents…" />
            )
          ) : rows.length === 0 ? (
            hasIncidentFilters(filters) ? (
              <EmptyState title="No incidents match these filters">
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setFilters({ status: [], severity: [] });
                  }}
                >
                  Clear filters
                </button>
              </EmptyState>
            ) : (
              <EmptyState
                icon={<AlertIcon />}
                title="No incidents recorded"
                action={recordBlocker === null ? recordButton : null}
              >
                When something goes wrong with a partner, a dataset or a grant, record it here to
                escalate it, suspend or revoke the access involved, and resolve it on the record.
              </EmptyState>
            )
          ) : (
            <IncidentList rows={rows} selectedId={openId} onOpen={show} />
          )}
        </div>
        {openId !== null ? (
          <IncidentPanel
            key={openId}
            incidentId={openId}
            revision={revision}
            onClose={() => {
              show(null);
            }}
          />
        ) : null}
      </div>
      {recording ? (
        <RecordIncidentDialog
          actorName={status.actor.name}
          onRecorded={(incident) => {
            toast(`Incident “${incident.title}” recorded.`);
            show(incident.id);
          }}
          onClose={() => {
            setRecording(false);
          }}
        />
      ) : null}
    </div>
  );
}
