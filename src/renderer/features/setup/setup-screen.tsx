import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { roleLabels, roleSchema } from '../../../shared/domain/roles';
import {
  nodeSetupSchema,
  type NodeSetup,
  type NodeSetupInput,
  type WorkspaceStatus,
} from '../../../shared/domain/workspace';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { BrandMark } from '../../app/brand-mark';
import { Banner, ErrorText } from '../../ui/banner';
import { firstErrorMessage } from '../../ui/error-messages';
import { FormField } from '../../ui/form-field';
import { applyServerIssues } from '../../ui/server-errors';
import { useDocumentTitle } from '../../ui/use-document-title';
import { roleDescriptions } from './role-descriptions';
import './setup.css';

const setupFields = nodeSetupSchema.keyof().options;

interface SetupScreenProps {
  /** Where the workspace file will be created, as main reported it. */
  path: string;
  onCreated: (status: WorkspaceStatus) => void;
}

/** First start: who runs this node. The form and main validate with the same schema. */
export function SetupScreen({ path, onCreated }: SetupScreenProps) {
  useDocumentTitle('Set up');
  const client = useClient();
  const rolesHintId = useId();
  const rolesErrorId = useId();
  const [serverError, setServerError] = useState<RpcError | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<NodeSetupInput, unknown, NodeSetup>({
    resolver: zodResolver(nodeSetupSchema),
    defaultValues: { organisation: '', operator: '', roles: ['lead', 'steward'] },
  });

  async function create(setup: NodeSetup): Promise<void> {
    setServerError(null);
    try {
      onCreated(await client.call('workspace.create', setup));
    } catch (caught) {
      const error = toRpcError(caught);
      applyServerIssues(error, setupFields, (field, message) => {
        setError(field, { type: 'server', message });
      });
      setServerError(error);
    }
  }

  const rolesError = firstErrorMessage(errors.roles);

  return (
    <div className="setup-page">
      <main className="setup-card">
        <BrandMark />
        <h1 className="setup-title">Set up this node</h1>
        <p className="setup-intro">
          Concordat keeps your organisation’s data-sharing charter, dataset catalog, access grants
          and audit ledger in one workspace on this computer. Tell it who runs this node; every
          change made here is recorded under this name.
        </p>
        <form
          className="setup-form"
          data-testid="setup-form"
          noValidate
          onSubmit={(event) => void handleSubmit(create)(event)}
        >
          <FormField
            label="Organisation"
            error={errors.organisation?.message}
            hint="The organisation this node acts for, as your partners know it."
          >
            {(control) => (
              <input
                {...control}
                {...register('organisation')}
                className="input"
                autoComplete="organization"
                autoFocus
              />
            )}
          </FormField>
          <FormField
            label="Operator name"
            error={errors.operator?.message}
            hint="You — the person operating this node."
          >
            {(control) => (
              <input {...control} {...register('operator')} className="input" autoComplete="name" />
            )}
          </FormField>
          <fieldset
            className="field role-fieldset"
            aria-describedby={[rolesHintId, rolesError ? rolesErrorId : ''].join(' ').trim()}
          >
            <legend className="field-label">Roles</legend>
            <p id={rolesHintId} className="field-hint">
              What you do on this node. You can hold several.
            </p>
            <div className="role-options">
              {roleSchema.options.map((role) => (
                <div key={role} className="role-option">
                  <label className="role-option-label">
                    <input
                      type="checkbox"
                      value={role}
                      {...register('roles')}
                      aria-describedby={`${rolesHintId}-${role}`}
                    />
                    <span>{roleLabels[role]}</span>
                  </label>
                  <p id={`${rolesHintId}-${role}`} className="role-option-description">
                    {roleDescriptions[role]}
                  </p>
                </div>
              ))}
            </div>
            {rolesError ? (
              <p id={rolesErrorId} className="field-error" role="alert">
                {rolesError}
              </p>
            ) : null}
          </fieldset>
          {serverError ? (
            <Banner title="The workspace was not created">
              <ErrorText error={serverError} />
            </Banner>
          ) : null}
          <button
            type="submit"
            className="button button-primary button-large"
            disabled={isSubmitting}
          >
            {isSubmitting ? 'Creating workspace…' : 'Create workspace'}
          </button>
        </form>
        <p className="setup-path">
          Workspace file <code>{path}</code>
        </p>
      </main>
    </div>
  );
}
