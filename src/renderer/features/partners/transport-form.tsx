import { useCallback, useId, useState, type SyntheticEvent } from 'react';
import type { TransportInput, TransportView } from '../../../shared/contract/sync-channels';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { RefusalBanner } from '../../ui/banner';
import { useToast } from '../../ui/toast';
import { useLoader } from '../../ui/use-loader';

type AuthKind = 'none' | 'basic' | 'bearer';

interface TransportDraft {
  kind: 'folder' | 'webdav';
  path: string;
  baseUrl: string;
  authKind: AuthKind;
  username: string;
  /** Write-only: empty keeps the stored password or token. */
  secret: string;
}

function draftOf(transport: TransportView | null): TransportDraft {
  const empty: TransportDraft = {
    kind: 'folder',
    path: '',
    baseUrl: '',
    authKind: 'basic',
    username: '',
    secret: '',
  };
  if (!transport) return empty;
  return transport.kind === 'folder'
    ? { ...empty, path: transport.path }
    : {
        ...empty,
        kind: 'webdav',
        baseUrl: transport.baseUrl,
        authKind: transport.authKind,
        username: transport.username ?? '',
      };
}

function inputOf(nodeId: string, draft: TransportDraft): TransportInput {
  if (draft.kind === 'folder') return { nodeId, kind: 'folder', path: draft.path.trim() };
  return {
    nodeId,
    kind: 'webdav',
    baseUrl: draft.baseUrl.trim(),
    authKind: draft.authKind,
    ...(draft.authKind === 'basic' && draft.username.trim() !== ''
      ? { username: draft.username.trim() }
      : {}),
    ...(draft.authKind !== 'none' && draft.secret !== '' ? { secret: draft.secret } : {}),
  };
}

const secretLabels: Record<Exclude<AuthKind, 'none'>, string> = {
  basic: 'Password',
  bearer: 'Token',
};

/**
 * How snapshots reach the peer and come back: a folder both nodes see (Dropbox, a network
 * share) or a WebDAV server. The password or token is write-only: it is never shown again,
 * and leaving it empty keeps the one stored.
 */
export function TransportForm({
  nodeId,
  transport,
  blocker,
}: {
  nodeId: string;
  transport: TransportView | null;
  blocker: string | null;
}) {
  const client = useClient();
  const toast = useToast();
  const id = useId();
  const [draft, setDraft] = useState<TransportDraft>(() => draftOf(transport));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<RpcError | null>(null);
  const [appInfo] = useLoader(useCallback(() => client.call('app.info', {}), [client]));
  // Only the desktop app has a system folder picker; in browser mode the path is typed.
  const canPick = appInfo.status === 'ready' && appInfo.value.mode === 'desktop';
  const storedSecret =
    transport?.kind === 'webdav' && transport.hasSecret && transport.authKind === draft.authKind;
  const set = (patch: Partial<TransportDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
  };

  function pick(): void {
    client
      .call('system.chooseFolder', {
        title: 'The shared folder for snapshots',
        defaultPath: draft.path,
      })
      .then(
        ({ path }) => {
          if (path !== null) set({ path });
        },
        (failure: unknown) => {
          setError(toRpcError(failure));
        },
      );
  }

  async function submit(event: SyntheticEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await client.call('sync.setTransport', inputOf(nodeId, draft));
      setDraft((current) => ({ ...current, secret: '' }));
      toast('Transport saved.');
    } catch (caught) {
      setError(toRpcError(caught));
    } finally {
      setBusy(false);
    }
  }

  const disabled = blocker !== null;
  return (
    <form
      className="transport-form"
      noValidate
      aria-label="Transport"
      data-testid="transport-form"
      onSubmit={(event) => void submit(event)}
    >
      <fieldset
        disabled={disabled || busy}
        className="transport-fields"
        title={blocker ?? undefined}
      >
        <div className="field">
          <label className="field-label" htmlFor={`${id}-kind`}>
            Through
          </label>
          <select
            id={`${id}-kind`}
            className="input"
            value={draft.kind}
            data-testid="transport-kind"
            onChange={(event) => {
              set({ kind: event.target.value === 'webdav' ? 'webdav' : 'folder' });
            }}
          >
            <option value="folder">A shared folder</option>
            <option value="webdav">A WebDAV server</option>
          </select>
        </div>
        {draft.kind === 'folder' ? (
          <div className="field">
            <label className="field-label" htmlFor={`${id}-path`}>
              Folder
            </label>
            <div className="transport-path">
              <input
                id={`${id}-path`}
                className="input input-mono"
                value={draft.path}
                placeholder="/Users/ada/Dropbox/concordat"
                spellCheck={false}
                data-testid="transport-path"
                onChange={(event) => {
                  set({ path: event.target.value });
                }}
              />
              {canPick ? (
                <button type="button" className="button" onClick={pick}>
                  Choose…
                </button>
              ) : null}
            </div>
            <p className="field-hint">
              The full path of a folder both nodes see; each keeps its bundles in a folder named
              after the recipient.
            </p>
          </div>
        ) : (
          <>
            <div className="field">
              <label className="field-label" htmlFor={`${id}-url`}>
                WebDAV URL
              </label>
              <input
                id={`${id}-url`}
                className="input input-mono"
                type="url"
                value={draft.baseUrl}
                placeholder="https://dav.example.org/concordat/"
                spellCheck={false}
                data-testid="transport-url"
                onChange={(event) => {
                  set({ baseUrl: event.target.value });
                }}
              />
            </div>
            <div className="field">
              <label className="field-label" htmlFor={`${id}-auth`}>
                Authentication
              </label>
              <select
                id={`${id}-auth`}
                className="input"
                value={draft.authKind}
                data-testid="transport-auth"
                onChange={(event) => {
                  const value = event.target.value;
                  set({
                    authKind: value === 'none' || value === 'bearer' ? value : 'basic',
                    secret: '',
                  });
                }}
              >
                <option value="basic">Username and password</option>
                <option value="bearer">Token</option>
                <option value="none">None</option>
              </select>
            </div>
            {draft.authKind === 'basic' ? (
              <div className="field">
                <label className="field-label" htmlFor={`${id}-user`}>
                  Username
                </label>
                <input
                  id={`${id}-user`}
                  className="input"
                  value={draft.username}
                  autoComplete="off"
                  data-testid="transport-username"
                  onChange={(event) => {
                    set({ username: event.target.value });
                  }}
                />
              </div>
            ) : null}
            {draft.authKind !== 'none' ? (
              <div className="field">
                <label className="field-label" htmlFor={`${id}-secret`}>
                  {secretLabels[draft.authKind]}
                </label>
                <input
                  id={`${id}-secret`}
                  className="input"
                  type="password"
                  value={draft.secret}
                  autoComplete="new-password"
                  placeholder={storedSecret ? '•••••••• (stored)' : ''}
                  data-testid="transport-secret"
                  onChange={(event) => {
                    set({ secret: event.target.value });
                  }}
                />
                <p className="field-hint">
                  {storedSecret
                    ? 'One is stored and never shown; leave this empty to keep it.'
                    : 'Stored on this node only, and never shown again.'}
                </p>
              </div>
            ) : null}
          </>
        )}
      </fieldset>
      {error ? <RefusalBanner title="The transport was not saved" error={error} /> : null}
      <div className="transport-actions">
        <button
          type="submit"
          className="button"
          data-testid="transport-save"
          disabled={disabled || busy}
          title={blocker ?? undefined}
        >
          {busy ? 'Saving…' : 'Save transport'}
        </button>
      </div>
    </form>
  );
}
