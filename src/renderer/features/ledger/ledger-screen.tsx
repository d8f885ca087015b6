import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { LedgerEntryRow } from '../../../shared/domain/ledger';
import type { Client } from '../../api/client';
import { toRpcError } from '../../api/client';
import { useAppEvent, useClient } from '../../api/client-context';
import { LoadErrorBanner } from '../../ui/banner';
import { usePagedRows } from '../../ui/data-table/use-paged-rows';
import { VirtualTable } from '../../ui/data-table/virtual-table';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';
import { Spinner } from '../../ui/spinner';
import { useLoader } from '../../ui/use-loader';
import { useShortcut } from '../../ui/use-shortcut';
import { useToast } from '../../ui/toast';
import { CheckpointList } from './checkpoint-list';
import { EntryPanel } from './entry-panel';
import { ExportDialog } from './export-dialog';
import { ledgerColumns } from './ledger-columns';
import {
  hasActiveLedgerFilters,
  noLedgerFilters,
  readLedgerFilters,
  toLedgerListInput,
  writeLedgerFilters,
  type LedgerFilters,
} from './ledger-filters';
import { LedgerSummary } from './ledger-summary';
import { LedgerToolbar } from './ledger-toolbar';
import { useVerification } from './verification-store';
import { VerificationPanel } from './verification-panel';
import './ledger.css';

type LedgerTab = 'entries' | 'checkpoints';

function loadLedgerRows(client: Client, filters: LedgerFilters, offset: number, limit: number) {
  return client.call('ledger.list', toLedgerListInput(filters, offset, limit));
}

function readEntry(params: URLSearchParams): number | null {
  const value = params.get('entry') ?? '';
  // At most 15 digits: every such number is a safe integer the contract accepts.
  return /^(0|[1-9][0-9]{0,14})$/.test(value) ? Number(value) : null;
}

export function LedgerScreen() {
  const client = useClient();
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readLedgerFilters(params), [params]);
  const tab: LedgerTab = params.get('tab') === 'checkpoints' ? 'checkpoints' : 'entries';
  const openSeq = readEntry(params);
  const entityRef = useRef<HTMLInputElement>(null);
  const [entityText, setEntityText] = useState(filters.entity);
  // The folder the export dialog starts from; null while it is closed.
  const [exportDir, setExportDir] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  // Bumped on every change main reports: the ledger grows with every command.
  const [revision, setRevision] = useState(0);
  const { store: verification } = useVerification();

  const loadOverview = useCallback(
    () => Promise.all([client.call('ledger.overview', {}), client.call('ledger.checkpoints', {})]),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new revision reloads
    [client, revision],
  );
  const [overviewState, reloadOverview] = useLoader(loadOverview);
  useAppEvent((event) => {
    if (event.name === 'workspace.changed') setRevision((current) => current + 1);
  });
  const { snapshot, ensureRange, invalidate } = usePagedRows(filters, loadLedgerRows, {
    refetchOn: (event) => event.name === 'workspace.changed',
  });

  const updateParams = useCallback(
    (change: (current: URLSearchParams) => URLSearchParams) => {
      setParams((current) => change(current), { replace: true });
    },
    [setParams],
  );
  const updateFilters = useCallback(
    (patch: Partial<LedgerFilters>) => {
      updateParams((current) =>
        writeLedgerFilters(current, { ...readLedgerFilters(current), ...patch }),
      );
    },
    [updateParams],
  );
  function setParam(name: string, value: string | null): void {
    updateParams((current) => {
      const next = new URLSearchParams(current);
      if (value === null) next.delete(name);
      else next.set(name, value);
      return next;
    });
  }
  function clearFilters(): void {
    updateFilters(noLedgerFilters);
    setEntityText('');
  }
  function showEntry(seq: number): void {
    updateParams((current) => {
      const next = new URLSearchParams(current);
      next.set('entry', String(seq));
      next.delete('tab');
      return next;
    });
  }

  function signCheckpoint(): void {
    if (signing) return;
    setSigning(true);
    client.call('ledger.checkpoint', {}).then(
      (checkpoint) => {
        setSigning(false);
        toast(`Checkpoint #${String(checkpoint.id)} signs ${String(checkpoint.size)} entries.`);
      },
      (error: unknown) => {
        setSigning(false);
        toast(toRpcError(error).message, 'info');
      },
    );
  }

  useShortcut('/', () => entityRef.current?.focus());
  useShortcut('v', () => {
    verification.start(false);
  });

  // Keep showing the last figures while a change reloads them, so the summary never blinks.
  const ready = overviewState.status === 'ready' ? overviewState.value : null;
  const [shown, setShown] = useState<typeof ready>(null);
  if (ready !== null && ready !== shown) setShown(ready);
  const [overview, checkpoints] = ready ?? shown ?? [null, []];
  const canSign = overview?.canSign ?? false;
  const signHint = canSign
    ? 'Sign a checkpoint for the ledger as it is now'
    : 'Signing needs the node’s key: unlock it, and open the workspace writable';

  return (
    <div className="page page-fill ledger-screen">
      <PageHeader
        title="Ledger"
        description="Every change to this workspace, hash-chained and covered by signed checkpoints that anyone can verify."
        actions={
          <>
            <button
              type="button"
              className="button"
              data-testid="sign-checkpoint"
              title={signHint}
              disabled={!canSign || signing}
              onClick={signCheckpoint}
            >
              {signing ? 'Signing…' : 'Sign checkpoint'}
            </button>
            <button
              type="button"
              className="button"
              data-testid="export-ledger"
              disabled={!overview}
              onClick={() => {
                if (overview) setExportDir(overview.suggestedExportDir);
              }}
            >
              Export bundle…
            </button>
          </>
        }
      />
      {overviewState.status === 'failed' ? (
        <LoadErrorBanner
          title="The ledger could not be read"
          error={overviewState.error}
          onRetry={reloadOverview}
        />
      ) : null}
      {overview ? <LedgerSummary overview={overview} /> : null}
      <VerificationPanel onShowEntry={showEntry} />
      <div className="tab-strip ledger-tabs" role="tablist" aria-label="Ledger views">
        <TabButton
          id="entries"
          current={tab}
          onSelect={() => {
            setParam('tab', null);
          }}
        >
          Entries
        </TabButton>
        <TabButton
          id="checkpoints"
          current={tab}
          onSelect={() => {
            setParam('tab', 'checkpoints');
          }}
        >
          Checkpoints{overview ? ` (${String(overview.checkpointCount)})` : ''}
        </TabButton>
      </div>
      {tab === 'checkpoints' ? (
        <div role="tabpanel" aria-label="Checkpoints" className="ledger-tabpanel">
          {overview ? (
            <CheckpointList checkpoints={checkpoints} />
          ) : overviewState.status === 'loading' ? (
            <Spinner label="Loading checkpoints…" />
          ) : null}
        </div>
      ) : (
        <div role="tabpanel" aria-label="Entries" className="ledger-tabpanel ledger-entries">
          <div className="ledger-entries-main">
            <LedgerToolbar
              filters={filters}
              types={overview?.types ?? []}
              actors={overview?.actors ?? []}
              total={snapshot.total}
              entityText={entityText}
              onEntityTextChange={setEntityText}
              entityRef={entityRef}
              onChange={updateFilters}
              onClear={clearFilters}
            />
            {snapshot.error ? (
              <LoadErrorBanner
                title="Entries could not be loaded"
                error={snapshot.error}
                onRetry={invalidate}
              />
            ) : null}
            {snapshot.total === null ? (
              snapshot.error ? null : (
                <Spinner label="Loading entries…" />
              )
            ) : snapshot.total === 0 ? (
              <EmptyState title="No entries match these filters">
                {hasActiveLedgerFilters(filters) ? (
                  <button type="button" className="button" onClick={clearFilters}>
                    Clear filters
                  </button>
                ) : null}
              </EmptyState>
            ) : (
              <VirtualTable<LedgerEntryRow, 'seq'>
                snapshot={snapshot}
                ensureRange={ensureRange}
                columns={ledgerColumns}
                label="Ledger entries"
                className="ledger-table"
                minWidth={720}
                testId="ledger-table"
                rowTestId="ledger-row"
                rowAttributes={(row) => ({ 'data-seq': String(row.seq) })}
                rowKey={(row) => String(row.seq)}
                selectedKey={openSeq === null ? null : String(openSeq)}
                sort={{ field: 'seq', direction: filters.order }}
                sortableColumns={['seq']}
                onSortChange={(sort) => {
                  updateFilters({ order: sort.direction });
                }}
                onOpen={(row) => {
                  showEntry(row.seq);
                }}
              />
            )}
          </div>
          {openSeq !== null ? (
            <EntryPanel
              key={openSeq}
              seq={openSeq}
              revision={revision}
              canSign={canSign}
              onSign={signCheckpoint}
              onClose={() => {
                setParam('entry', null);
              }}
            />
          ) : null}
        </div>
      )}
      {exportDir !== null ? (
        <ExportDialog
          suggestedDir={exportDir}
          onClose={() => {
            setExportDir(null);
          }}
          onExported={reloadOverview}
        />
      ) : null}
    </div>
  );
}

function TabButton({
  id,
  current,
  onSelect,
  children,
}: {
  id: LedgerTab;
  current: LedgerTab;
  onSelect: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      role="tab"
      className="tab-strip-tab"
      data-testid={`ledger-tab-${id}`}
      aria-selected={current === id}
      onClick={onSelect}
    >
      {children}
    </button>
  );
}
