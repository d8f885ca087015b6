import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { PrincipalRecord } from '../../../shared/domain/access';
import type { IncidentDraftInput } from '../../../shared/domain/incident';
import { makeGrantListing } from '../../test/fake-incidents';
import { FakeTransport, ok } from '../../test/fake-transport';
import { renderApp } from '../../test/render';

const acmePrincipal: PrincipalRecord = {
  id: 'p-acme',
  ownerNode: 'node-7f3a9c',
  kind: 'partner-role',
  name: 'Acme analysts',
  organisation: 'Acme',
  tier: 'standard',
  legalBases: [],
  createdAt: '2025-01-01T09:00:00.000Z',
  updatedAt: '2025-01-01T09:00:00.000Z',
  version: 1,
};

const leak: IncidentDraftInput = {
  subject: { kind: 'partner', ref: 'Acme' },
  severity: 'high',
  title: 'Key leaked',
  description: 'An Acme API key was posted publicly.',
};

/** A transport with Acme's two active grants and Globex's one. */
function incidentTransport(): FakeTransport {
  const transport = new FakeTransport();
  transport.respond('access.principals', () => ok([acmePrincipal]));
  transport.incidents.grants = [
    makeGrantListing({ id: 'g-acme-1', principalName: 'Acme analysts (Acme)' }),
    makeGrantListing({
      id: 'g-acme-2',
      principalName: 'Acme integration (Acme)',
      datasetIdentifier: 'stops',
    }),
    makeGrantListing({ id: 'g-globex', principalName: 'Globex analysts (Globex)' }),
  ];
  return transport;
}

function actAs(transport: FakeTransport, roles: ('lead' | 'steward' | 'auditor' | 'viewer')[]) {
  if (transport.status.state === 'open') {
    transport.status = { ...transport.status, actor: { ...transport.status.actor, roles } };
  }
}

describe('incidents screen', () => {
  it('shows the empty state and records an incident through the dialog', async () => {
    const user = userEvent.setup();
    const transport = incidentTransport();
    renderApp('/incidents', transport);
    expect(await screen.findByText('No incidents recorded')).toBeInTheDocument();

    await user.click(screen.getAllByTestId('incident-record')[0] as HTMLElement);
    const form = await screen.findByTestId('incident-record-form');
    // Nothing is sent while the form is incomplete; each field says what it needs.
    await user.click(within(form).getByTestId('incident-record-submit'));
    expect(await within(form).findByText('Choose what the incident is about')).toBeInTheDocument();
    expect(within(form).getByText('Give the incident a title')).toBeInTheDocument();
    expect(transport.callsTo('incidents.record')).toEqual([]);

    await within(form).findByRole('option', { name: 'Acme' });
    await user.selectOptions(within(form).getByTestId('incident-partner'), 'Acme');
    await user.selectOptions(within(form).getByTestId('incident-severity'), 'high');
    await user.type(within(form).getByTestId('incident-title'), 'Key leaked');
    await user.type(within(form).getByTestId('incident-description'), 'Posted publicly.');
    await user.click(within(form).getByTestId('incident-record-submit'));

    await waitFor(() => {
      expect(transport.callsTo('incidents.record')).toEqual([
        {
          subject: { kind: 'partner', ref: 'Acme' },
          severity: 'high',
          title: 'Key leaked',
          description: 'Posted publicly.',
        },
      ]);
    });
    const panel = await screen.findByTestId('incident-panel');
    expect(await within(panel).findByRole('heading', { name: 'Key leaked' })).toBeInTheDocument();
    expect(within(panel).getByText('Ada Lovelace', { selector: 'dd' })).toBeInTheDocument();
    // The partner's grants are in scope; Globex's is not.
    const grants = within(panel).getByTestId('incident-grants');
    expect(within(grants).getAllByRole('row')).toHaveLength(3);
  });

  it('reads its filters from the URL the dashboard links to', async () => {
    const transport = incidentTransport();
    transport.incidents.record(leak);
    const resolved = transport.incidents.record({ ...leak, title: 'Old one', severity: 'low' });
    if (resolved.ok) {
      transport.incidents.incidents = transport.incidents.incidents.map((incident) =>
        incident.id === resolved.value.id
          ? {
              ...incident,
              status: 'resolved',
              resolved: { by: 'Ada', at: incident.recorded.at, resolution: 'x' },
            }
          : incident,
      );
    }
    renderApp('/incidents?status=open,escalated', transport);
    const rows = await screen.findAllByTestId('incident-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('Key leaked');
    expect(transport.callsTo('incidents.list').at(-1)).toEqual({ status: ['open', 'escalated'] });
    expect(screen.getByRole('button', { name: 'Status filter, 2 selected' })).toBeInTheDocument();
  });

  it('suspends the chosen grants with a reason after a confirmation, naming the incident', async () => {
    const user = userEvent.setup();
    const transport = incidentTransport();
    const recorded = transport.incidents.record(leak);
    const id = recorded.ok ? recorded.value.id : '';
    renderApp(`/incidents?incident=${id}`, transport);
    const panel = await screen.findByTestId('incident-panel');
    const grants = await within(panel).findByTestId('incident-grants');
    const suspend = within(panel).getByTestId('incident-suspend-grants');
    expect(suspend).toBeDisabled();
    expect(suspend).toHaveAttribute('title', 'Choose the grants first.');

    await user.click(
      within(grants).getByRole('checkbox', { name: 'Choose every grant that can change' }),
    );
    expect(suspend).toBeEnabled();
    expect(suspend).toHaveTextContent('Suspend 2 grants…');
    await user.click(suspend);

    const dialog = await screen.findByRole('dialog', { name: 'Suspend 2 grants?' });
    // The reason is required: an empty one is refused in the dialog.
    await user.click(within(dialog).getByRole('button', { name: 'Suspend 2 grants' }));
    expect(within(dialog).getByText('Say why')).toBeInTheDocument();
    expect(transport.callsTo('incidents.actOnGrants')).toEqual([]);
    await user.type(within(dialog).getByRole('textbox'), 'Until the key is rotated');
    await user.click(within(dialog).getByRole('button', { name: 'Suspend 2 grants' }));

    await waitFor(() => {
      expect(transport.callsTo('incidents.actOnGrants')).toEqual([
        {
          incidentId: id,
          grantIds: ['g-acme-1', 'g-acme-2'],
          action: 'suspend',
          reason: 'Until the key is rotated',
        },
      ]);
    });
    await waitFor(() => {
      expect(within(grants).getAllByText('Suspended')).toHaveLength(2);
    });
    const steps = within(panel).getByTestId('incident-grant-steps');
    expect(within(steps).getAllByRole('listitem')).toHaveLength(2);
    expect(steps).toHaveTextContent('Until the key is rotated');
  });

  it('escalates with a higher severity and resolves, keeping the history', async () => {
    const user = userEvent.setup();
    const transport = incidentTransport();
    const recorded = transport.incidents.record(leak);
    const id = recorded.ok ? recorded.value.id : '';
    renderApp(`/incidents?incident=${id}`, transport);
    const panel = await screen.findByTestId('incident-panel');

    await user.click(await within(panel).findByTestId('incident-escalate'));
    const form = await screen.findByTestId('incident-escalate-form');
    // Lower severities are not offered.
    expect(within(form).queryByRole('option', { name: 'Low' })).toBeNull();
    await user.type(within(form).getByTestId('incident-escalate-to'), 'CISO');
    await user.selectOptions(within(form).getByTestId('incident-escalate-severity'), 'critical');
    await user.type(within(form).getByTestId('incident-escalate-note'), 'Write scope');
    await user.click(within(form).getByTestId('incident-escalate-submit'));
    await waitFor(() => {
      expect(transport.callsTo('incidents.escalate')).toEqual([
        { id, expectedVersion: 1, to: 'CISO', note: 'Write scope', severity: 'critical' },
      ]);
    });
    expect(await within(panel).findByText('Escalated', { selector: '.badge' })).toBeInTheDocument();

    await user.click(within(panel).getByTestId('incident-resolve'));
    const dialog = await screen.findByRole('dialog', { name: 'Resolve this incident?' });
    await user.type(within(dialog).getByRole('textbox'), 'Key rotated');
    await user.click(within(dialog).getByRole('button', { name: 'Resolve incident' }));
    await waitFor(() => {
      expect(transport.callsTo('incidents.resolve')).toEqual([
        { id, expectedVersion: 2, resolution: 'Key rotated' },
      ]);
    });
    const history = await within(panel).findByTestId('incident-history');
    await waitFor(() => {
      expect(within(history).getAllByRole('listitem')).toHaveLength(3);
    });
    // Resolved: no more steps, no more grant changes.
    expect(within(panel).queryByTestId('incident-escalate')).toBeNull();
    expect(within(panel).queryByTestId('incident-suspend-grants')).toBeNull();
  });

  it('disables what an auditor may not do, naming the role needed', async () => {
    const transport = incidentTransport();
    const recorded = transport.incidents.record(leak);
    const id = recorded.ok ? recorded.value.id : '';
    actAs(transport, ['auditor']);
    renderApp(`/incidents?incident=${id}`, transport);
    const panel = await screen.findByTestId('incident-panel');
    const record = screen.getByRole('button', { name: 'Record incident' });
    expect(record).toBeDisabled();
    expect(record.title).toContain('needs the Governance lead or Data steward role');
    expect(await within(panel).findByTestId('incident-escalate')).toBeDisabled();
    expect(within(panel).getByTestId('incident-resolve').title).toContain('Resolving an incident');
    expect(within(panel).getByTestId('incident-revoke-grants').title).toContain(
      'needs the Data steward role',
    );
    expect(
      within(panel).getByRole('checkbox', { name: 'Choose every grant that can change' }),
    ).toBeDisabled();
  });

  it('closes the panel with its button and with Escape, but not a dialog’s Escape', async () => {
    const user = userEvent.setup();
    const transport = incidentTransport();
    const recorded = transport.incidents.record(leak);
    const id = recorded.ok ? recorded.value.id : '';
    const { router } = renderApp(`/incidents?incident=${id}`, transport);
    await user.click(await screen.findByRole('button', { name: 'Close incident' }));
    await waitFor(() => {
      expect(screen.queryByTestId('incident-panel')).toBeNull();
    });
    expect(router.state.location.search).toBe('');
    await user.click(await screen.findByRole('button', { name: 'Key leaked' }));
    const panel = await screen.findByTestId('incident-panel');
    // Escape in a dialog closes the dialog only.
    await user.click(
      await within(panel).findByRole('checkbox', { name: 'Choose every grant that can change' }),
    );
    await user.click(within(panel).getByTestId('incident-revoke-grants'));
    await screen.findByRole('dialog', { name: 'Revoke 2 grants?' });
    await user.keyboard('{Escape}');
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).toBeNull();
    });
    expect(screen.getByTestId('incident-panel')).toBeInTheDocument();
    await user.type(within(panel).getByRole('button', { name: 'Close incident' }), '{Escape}');
    await waitFor(() => {
      expect(screen.queryByTestId('incident-panel')).toBeNull();
    });
  });
});
