import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type {
  CheckpointInfo,
  LedgerEntryRow,
  LedgerListQueryInput,
  LedgerOverview,
  VerificationOutcome,
} from '../../../shared/domain/ledger';
import type { Result } from '../../../shared/errors';
import { FakeTransport, ok } from '../../test/fake-transport';
import { renderApp } from '../../test/render';

const size = 40;
const checkpoint: CheckpointInfo = {
  id: 3,
  origin: 'concordat/node-7f3a9c',
  size: 30,
  root: 'cm9vdHJvb3Q=',
  note: 'concordat/node-7f3a9c\n30\ncm9vdHJvb3Q=\n\n— concordat/node-7f3a9c sig\n',
  source: 'self',
  recordedAt: '2026-11-20T10:00:00.000Z',
};
const overview: LedgerOverview = {
  size,
  root: 'ab'.repeat(32),
  key: {
    keyName: checkpoint.origin,
    vkey: 'concordat/node-7f3a9c+01+AQ',
    fingerprint: 'SHA256:fp',
  },
  canSign: true,
  latestCheckpoint: checkpoint,
  checkpointCount: 1,
  types: ['dataset.created', 'dataset.updated', 'node.initialised'],
  actors: ['Ada Lovelace', 'Grace Hopper'],
  suggestedExportDir: '/home/ada/Concordat/exports/ledger-2026-11-23-size-40',
};

function entry(seq: number): LedgerEntryRow {
  return {
    seq,
    time: `2026-11-${String(1 + (seq % 20)).padStart(2, '0')}T09:00:00.000Z`,
    type: seq === 0 ? 'node.initialised' : seq % 3 === 0 ? 'dataset.created' : 'dataset.updated',
    actor: seq % 2 === 0 ? 'Ada Lovelace' : 'Grace Hopper',
    entity: `dataset:ds-${String(seq % 5)}`,
  };
}

function outcome(ok: boolean): VerificationOutcome {
  return {
    report: {
      ok,
      source: '/home/ada/Concordat/workspace.concordat',
      size,
      root: overview.root,
      checkpoint: {
        size: 30,
        root: checkpoint.root,
        keyName: checkpoint.origin,
        vkey: overview.key?.vkey ?? '',
      },
      checks: [{ level: 1, name: 'entries', detail: `${String(size)} entries`, ok }],
      fault: ok
        ? null
        : { seq: 7, kind: 'chain-broken', message: 'Entry 7 does not follow the hash of entry 6.' },
    },
    deep: false,
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:00:01.000Z',
    key: overview.key,
    html: '<!doctype html><title>report</title>',
    fileName: 'concordat-verification.html',
  };
}

/** A transport whose ledger channels answer from an in-memory list of `size` entries. */
function ledgerTransport(): FakeTransport {
  const transport = new FakeTransport();
  const all = Array.from({ length: size }, (_, seq) => entry(seq));
  transport.respond('ledger.overview', () => ok(overview));
  transport.respond('ledger.checkpoints', () => ok([checkpoint]));
  transport.respond('ledger.list', (input) => {
    const query = input as Required<
      Pick<LedgerListQueryInput, 'types' | 'actor' | 'order' | 'offset' | 'limit'>
    >;
    const rows = all
      .filter((row) => query.types.length === 0 || query.types.includes(row.type))
      .filter((row) => query.actor === '' || row.actor === query.actor);
    if (query.order === 'desc') rows.reverse();
    return ok({
      rows: rows.slice(query.offset, query.offset + query.limit),
      total: rows.length,
      offset: query.offset,
    });
  });
  transport.respond('ledger.entry', (input) => {
    const { seq } = input as { seq: number };
    const row = all[seq];
    if (!row)
      return { ok: false, error: { code: 'NOT_FOUND', message: `No entry ${String(seq)}.` } };
    return ok({
      row,
      canonicalJson: `{"seq":${String(seq)},"type":"${row.type}"}`,
      leafHash: 'cd'.repeat(32),
      prev: 'ef'.repeat(32),
      problem: seq === 7 ? 'Its bytes do not match the leaf hash stored beside them.' : null,
      proof:
        seq < checkpoint.size
          ? {
              checkpoint,
              hashes: ['01'.repeat(32)],
              tlogProof: `c2sp.org/tlog-proof@v1\nindex ${String(seq)}\n`,
            }
          : null,
    });
  });
  return transport;
}

async function rowsShown(): Promise<string[]> {
  const rows = await screen.findAllByTestId('ledger-row');
  return rows.map((row) => row.getAttribute('data-seq') ?? '');
}

describe('LedgerScreen', () => {
  it('lists entries newest first and sums up the ledger', async () => {
    renderApp('/ledger', ledgerTransport());
    expect((await rowsShown()).slice(0, 3)).toEqual(['39', '38', '37']);
    const summary = screen.getByTestId('ledger-summary');
    expect(within(summary).getByTestId('ledger-size')).toHaveTextContent('40');
    expect(within(summary).getByText(/10 newer entries not yet signed/)).toBeInTheDocument();
    expect(within(summary).getByText('SHA256:fp')).toBeInTheDocument();
    expect(screen.getByTestId('ledger-count')).toHaveTextContent('40 entries');
  });

  it('filters by actor and type through main, and flips the order from the # header', async () => {
    const user = userEvent.setup();
    const transport = ledgerTransport();
    renderApp('/ledger', transport);
    await rowsShown();

    await user.selectOptions(screen.getByTestId('ledger-actor-filter'), 'Grace Hopper');
    await waitFor(() => {
      expect(transport.callsTo('ledger.list').at(-1)).toMatchObject({ actor: 'Grace Hopper' });
    });
    expect(await screen.findByText('20 entries')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /Type/ }));
    await user.click(screen.getByRole('checkbox', { name: 'dataset.created' }));
    await waitFor(() => {
      expect(transport.callsTo('ledger.list').at(-1)).toMatchObject({
        actor: 'Grace Hopper',
        types: ['dataset.created'],
      });
    });

    await user.click(screen.getByRole('button', { name: /^#/ }));
    await waitFor(() => {
      expect(transport.callsTo('ledger.list').at(-1)).toMatchObject({ order: 'asc' });
    });
  });

  it('opens an entry with its canonical JSON and proof, and closes it with Escape', async () => {
    const user = userEvent.setup();
    renderApp('/ledger', ledgerTransport());
    const row = (await screen.findAllByTestId('ledger-row')).find(
      (element) => element.getAttribute('data-seq') === '12',
    );
    await user.click(row!);
    const panel = await screen.findByTestId('entry-panel');
    expect(await within(panel).findByTestId('entry-json')).toHaveTextContent('{"seq":12');
    expect(within(panel).getByTestId('entry-proof')).toHaveTextContent('index 12');
    expect(within(panel).getByText(/checkpoint #3/)).toBeInTheDocument();
    expect(row).toHaveAttribute('aria-selected', 'true');

    within(panel).getByRole('button', { name: 'Copy proof' }).focus();
    await user.keyboard('{Escape}');
    await waitFor(() => {
      expect(screen.queryByTestId('entry-panel')).not.toBeInTheDocument();
    });
  });

  it('offers to sign a checkpoint for an entry no checkpoint covers yet', async () => {
    const user = userEvent.setup();
    const transport = ledgerTransport();
    transport.respond('ledger.checkpoint', () => ok({ ...checkpoint, id: 4, size }));
    renderApp('/ledger?entry=35', transport);
    const panel = await screen.findByTestId('entry-panel');
    await user.click(await within(panel).findByRole('button', { name: 'Sign a checkpoint now' }));
    expect(await screen.findByText('Checkpoint #4 signs 40 entries.')).toBeInTheDocument();
  });

  it('verifies with progress, and Cancel stops the run', async () => {
    const user = userEvent.setup();
    const transport = ledgerTransport();
    let settle: (result: Result<VerificationOutcome>) => void = () => undefined;
    transport.respond(
      'ledger.verify',
      () => new Promise<Result<VerificationOutcome>>((resolve) => (settle = resolve)),
    );
    transport.respond('task.cancel', () => {
      settle({ ok: false, error: { code: 'CANCELLED', message: 'Verification was cancelled.' } });
      return ok({ cancelled: true });
    });
    renderApp('/ledger', transport);
    await user.click(await screen.findByTestId('verify-ledger'));
    await screen.findByTestId('verification-running');
    const { taskId } = transport.callsTo('ledger.verify')[0] as { taskId: string };
    act(() => {
      transport.emit({
        name: 'task.progress',
        payload: { taskId, label: 'Checking entries', done: 10, total: 40 },
      });
    });
    expect(screen.getByText('10 of 40 · 25%')).toBeInTheDocument();
    expect(screen.getByRole('progressbar')).toHaveAttribute('value', '10');

    await user.click(screen.getByTestId('cancel-verification'));
    expect(transport.callsTo('task.cancel')).toEqual([{ taskId }]);
    expect(
      await screen.findByText('Verification was cancelled; nothing was changed.'),
    ).toBeInTheDocument();
  });

  it('says where verification failed and jumps to that entry', async () => {
    const user = userEvent.setup();
    const transport = ledgerTransport();
    transport.respond('ledger.verify', () => ok(outcome(false)));
    renderApp('/ledger', transport);
    await user.click(await screen.findByTestId('verify-ledger'));
    const result = await screen.findByTestId('verification-result');
    expect(result).toHaveAttribute('data-ok', 'false');
    expect(result).toHaveTextContent(
      'Verification failed at entry 7: An earlier entry was changed (hash chain broken).',
    );
    expect(within(result).getByTestId('verification-fault')).toHaveAttribute(
      'data-kind',
      'chain-broken',
    );
    await user.click(within(result).getByRole('button', { name: 'Show entry 7' }));
    const panel = await screen.findByRole('complementary', { name: 'Entry 7' });
    // The damaged entry is shown, with what is wrong with it.
    expect(await within(panel).findByTestId('entry-problem')).toHaveTextContent(
      'do not match the leaf hash',
    );
    expect(within(panel).getByTestId('entry-json')).toHaveTextContent('"seq":7');
  });

  it('exports to the folder the user names, and shows main’s refusal inline', async () => {
    const user = userEvent.setup();
    const transport = ledgerTransport();
    transport.respond('ledger.export', (input) => {
      const { dir } = input as { dir: string };
      return dir === '/full'
        ? { ok: false, error: { code: 'INVALID_INPUT', message: '/full is not empty.' } }
        : ok({ dir, size, root: checkpoint.root, files: ['entries.jsonl', 'checkpoint', 'vkey'] });
    });
    renderApp('/ledger', transport);
    await user.click(await screen.findByTestId('export-ledger'));
    const field = await screen.findByTestId('export-dir');
    expect(field).toHaveValue(overview.suggestedExportDir);
    expect(field).toHaveFocus();

    await user.clear(field);
    await user.type(field, '/full{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('/full is not empty.');

    await user.clear(field);
    await user.type(field, '/audit/2026{Enter}');
    const result = await screen.findByTestId('export-result');
    expect(result).toHaveTextContent('Exported 40 entries');
    expect(result).toHaveTextContent('concordat verify /audit/2026');
  });

  it('offers the system folder picker in the desktop app', async () => {
    const user = userEvent.setup();
    const transport = ledgerTransport();
    transport.respond('app.info', () =>
      ok({ name: 'Concordat', version: '1.0.0', mode: 'desktop' }),
    );
    transport.respond('system.chooseFolder', () => ok({ path: '/media/usb/audit' }));
    renderApp('/ledger', transport);
    await user.click(await screen.findByTestId('export-ledger'));
    await user.click(await screen.findByRole('button', { name: 'Choose…' }));
    expect(await screen.findByTestId('export-dir')).toHaveValue('/media/usb/audit');
    expect(transport.callsTo('system.chooseFolder')).toEqual([
      { title: 'Export the ledger to', defaultPath: overview.suggestedExportDir },
    ]);
  });
});
