import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { GrantRecord, PrincipalRecord } from '../../../shared/domain/access';
import { templateContent } from '../../test/charter-fixture';
import { FakeTransport, makeDataset, ok } from '../../test/fake-transport';
import { renderWithClient } from '../../test/render';
import { GrantRequestDialog } from './grant-request-dialog';

const pilot: PrincipalRecord = {
  id: 'p-cyclo',
  ownerNode: 'node-7f3a9c',
  kind: 'partner-role',
  name: 'Analysts',
  organisation: 'Cyclo',
  tier: 'pilot',
  legalBases: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
};

const TODAY = '2026-11-23';

function setUp() {
  const transport = new FakeTransport({
    datasets: [
      makeDataset({
        identifier: 'fare-revenue',
        category: 'commercial',
        sensitivity: 'confidential',
      }),
      makeDataset({ identifier: 'apc-raw', category: 'operational', sensitivity: 'internal' }),
    ],
  });
  const onRequested = vi.fn();
  renderWithClient(
    <GrantRequestDialog
      principals={[pilot]}
      charter={templateContent}
      today={TODAY}
      onRequested={onRequested}
      onClose={() => undefined}
    />,
    transport,
  );
  return { transport, onRequested };
}

async function chooseDataset(identifier: string) {
  const picker = screen.getByTestId('grant-dataset');
  fireEvent.change(picker, { target: { value: identifier } });
  const option = await screen.findByRole('option', { name: new RegExp(identifier) });
  fireEvent.mouseDown(option);
}

describe('the grant request form', () => {
  it('shows the policy denying a level above the tier maximum, and does not send it', async () => {
    const { transport } = setUp();
    fireEvent.change(screen.getByTestId('grant-principal'), { target: { value: 'p-cyclo' } });
    await chooseDataset('fare-revenue');
    fireEvent.change(screen.getByTestId('grant-level'), { target: { value: 'read' } });
    fireEvent.change(screen.getByTestId('grant-justification'), { target: { value: 'Fares' } });
    const verdict = screen.getByTestId('grant-verdict');
    expect(verdict.dataset.decision).toBe('deny');
    expect(verdict.querySelector('[data-rule="level.within_tier_maximum"]')?.textContent).toContain(
      'Commercial',
    );
    expect(screen.getByTestId('grant-submit')).toBeDisabled();
    fireEvent.submit(screen.getByTestId('grant-request-form'));
    expect(transport.calls.some((call) => call.channel === 'access.requestGrant')).toBe(false);
  });

  it('sends an allowed request and reports the new grant', async () => {
    const { transport, onRequested } = setUp();
    transport.respond('access.requestGrant', (input) => {
      const request = input as Pick<GrantRecord, 'principalId' | 'datasetId' | 'level'> &
        Pick<GrantRecord, 'purpose' | 'start' | 'until' | 'justification'>;
      const grant: GrantRecord = {
        ...request,
        id: 'g-new',
        ownerNode: 'node-7f3a9c',
        storedStatus: 'requested',
        status: 'requested',
        requested: { by: 'Ada Lovelace', at: `${TODAY}T10:00:00.000Z` },
        approved: null,
        revoked: null,
        version: 1,
      };
      return ok(grant);
    });
    fireEvent.change(screen.getByTestId('grant-principal'), { target: { value: 'p-cyclo' } });
    await chooseDataset('apc-raw');
    fireEvent.change(screen.getByTestId('grant-level'), { target: { value: 'aggregate' } });
    fireEvent.change(screen.getByTestId('grant-justification'), { target: { value: 'Counts' } });
    expect(screen.getByTestId('grant-verdict').dataset.decision).toBe('allow');
    fireEvent.click(screen.getByTestId('grant-submit'));
    await waitFor(() => expect(onRequested).toHaveBeenCalledWith('g-new'));
    const sent = transport.calls.find((call) => call.channel === 'access.requestGrant');
    expect(sent?.input).toMatchObject({
      principalId: 'p-cyclo',
      level: 'aggregate',
      start: TODAY,
      justification: 'Counts',
    });
  });
});
