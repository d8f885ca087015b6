import { useCallback } from 'react';
import { useClient } from '../../api/client-context';
import { LoadErrorBanner } from '../../ui/banner';
import { saveTextFile } from '../../ui/save-file';
import { Spinner } from '../../ui/spinner';
import { useToast } from '../../ui/toast';
import { useLoader } from '../../ui/use-loader';
import { CopyButton } from './copy-button';
import { groupFingerprint } from './fingerprint';

/**
 * This node's identity card: the fingerprint peers compare out of band (read aloud on a call,
 * in person), and the signed card file to send them.
 */
export function IdentityPanel() {
  const client = useClient();
  const toast = useToast();
  const load = useCallback(() => client.call('sync.identity', {}), [client]);
  const [state, reload] = useLoader(load);

  return (
    <section
      className="card identity-panel"
      aria-labelledby="identity-title"
      data-testid="identity-panel"
    >
      <h2 id="identity-title" className="section-title">
        Your identity card
      </h2>
      {state.status === 'loading' ? <Spinner label="Signing your identity card…" /> : null}
      {state.status === 'failed' ? (
        <LoadErrorBanner
          title="Your identity card could not be made"
          error={state.error}
          onRetry={reload}
        />
      ) : null}
      {state.status === 'ready' ? (
        <>
          <p className="identity-text">
            Send the card to a peer any way you like, then read them the fingerprint over a channel
            you both trust. They type it when they add {state.value.organisation}.
          </p>
          <div className="identity-fingerprint">
            <code className="fingerprint-big" data-testid="identity-fingerprint">
              {groupFingerprint(state.value.fingerprint)}
            </code>
            <CopyButton
              text={state.value.fingerprint}
              label="Copy your fingerprint"
              what="Fingerprint"
            />
          </div>
          <dl className="identity-facts">
            <div>
              <dt>Organisation</dt>
              <dd>{state.value.organisation}</dd>
            </div>
            <div>
              <dt>Operator</dt>
              <dd>{state.value.operator}</dd>
            </div>
            <div>
              <dt>Node ID</dt>
              <dd className="mono">{state.value.nodeId}</dd>
            </div>
          </dl>
          <div>
            <button
              type="button"
              className="button"
              data-testid="identity-save"
              onClick={() => {
                saveTextFile(state.value.fileName, state.value.card, 'application/json');
                toast(`Saved ${state.value.fileName}.`);
              }}
            >
              Save card
            </button>
          </div>
        </>
      ) : null}
    </section>
  );
}
