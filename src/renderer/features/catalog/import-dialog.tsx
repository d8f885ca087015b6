import { useEffect, useId, useRef, useState } from 'react';
import type {
  ImportPreview,
  ImportResult,
  ImportSource,
} from '../../../shared/domain/catalog-transfer';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { Banner } from '../../ui/banner';
import { pluralise } from '../../ui/format';
import { Modal } from '../../ui/modal';
import { Spinner } from '../../ui/spinner';
import { ImportActions } from './import-actions';
import { ImportFileError, readImportFile } from './import-file';
import { FileErrors, ImportSummary, RowErrors, SampleRows } from './import-preview';

type Step =
  | { kind: 'choose'; problem: string | null }
  | { kind: 'checking'; fileName: string }
  | { kind: 'preview'; source: ImportSource; preview: ImportPreview; refusal: RpcError | null }
  | { kind: 'importing'; source: ImportSource; preview: ImportPreview }
  | { kind: 'done'; fileName: string; result: ImportResult };

interface ImportDialogProps {
  onClose: () => void;
  /** After a commit: the table refetches (main also emits workspace.changed). */
  onImported: (result: ImportResult) => void;
  categoryNames: ReadonlyMap<string, string>;
}

/**
 * Imports datasets from a CSV or JSON file in two steps: main checks the whole file and the
 * dialog shows what it found, then the user imports it, leaving out the invalid rows if they
 * choose. Main checks the file again on commit, so the preview cannot vouch for another file.
 */
export function ImportDialog({ onClose, onImported, categoryNames }: ImportDialogProps) {
  const client = useClient();
  const titleId = useId();
  const [step, setStep] = useState<Step>({ kind: 'choose', problem: null });
  const [exclude, setExclude] = useState(false);
  // Answers to an earlier file (or after Cancel) are dropped.
  const request = useRef(0);
  const bodyRef = useRef<HTMLDivElement>(null);

  // Each step puts focus on its next action (the lowest `data-step-focus` that is enabled);
  // the previous step's control is gone.
  useEffect(() => {
    const candidates = [
      ...(bodyRef.current?.querySelectorAll<HTMLElement>('[data-step-focus]') ?? []),
    ].filter((element) => !element.matches(':disabled'));
    candidates.sort((a, b) => Number(a.dataset.stepFocus) - Number(b.dataset.stepFocus));
    candidates[0]?.focus();
  }, [step.kind]);

  useEffect(
    () => () => {
      request.current += 1;
    },
    [],
  );

  async function check(file: File): Promise<void> {
    const mine = ++request.current;
    setStep({ kind: 'checking', fileName: file.name });
    setExclude(false);
    try {
      const source = await readImportFile(file);
      const preview = await client.call('catalog.importPreview', source);
      if (mine === request.current) setStep({ kind: 'preview', source, preview, refusal: null });
    } catch (caught) {
      if (mine !== request.current) return;
      const problem =
        caught instanceof ImportFileError ? caught.message : describe(toRpcError(caught));
      setStep({ kind: 'choose', problem });
    }
  }

  function commit(source: ImportSource, preview: ImportPreview): void {
    const mine = ++request.current;
    setStep({ kind: 'importing', source, preview });
    const excluded = exclude ? preview.invalidRows : [];
    client.call('catalog.importCommit', { source, exclude: excluded }).then(
      (result) => {
        if (mine !== request.current) return;
        setStep({ kind: 'done', fileName: source.fileName, result });
        onImported(result);
      },
      (caught: unknown) => {
        if (mine !== request.current) return;
        setStep({ kind: 'preview', source, preview, refusal: toRpcError(caught) });
      },
    );
  }

  const chooseAnother = () => {
    request.current += 1;
    setStep({ kind: 'choose', problem: null });
  };
  const busy = step.kind === 'importing';

  return (
    <Modal
      labelledBy={titleId}
      onClose={busy ? () => undefined : onClose}
      className="import-dialog"
    >
      <h2 id={titleId} className="dialog-title">
        Import datasets
      </h2>
      <div ref={bodyRef}>
        <div className="import-body">
          {step.kind === 'choose' ? (
            <FilePicker problem={step.problem} onFile={(file) => void check(file)} />
          ) : null}
          {step.kind === 'checking' ? <Spinner label={`Checking ${step.fileName}…`} /> : null}
          {step.kind === 'preview' || step.kind === 'importing' ? (
            <>
              <ImportSummary preview={step.preview} />
              {step.kind === 'preview' && step.refusal ? (
                <Banner title="The import was refused">{describe(step.refusal)}</Banner>
              ) : null}
              <FileErrors errors={step.preview.fileErrors} />
              <RowErrors preview={step.preview} />
              <SampleRows preview={step.preview} categoryNames={categoryNames} />
            </>
          ) : null}
          {step.kind === 'done' ? (
            <p className="import-done" role="status" data-testid="import-done">
              Imported {pluralise(step.result.created, 'dataset')} from {step.fileName}
              {step.result.excluded > 0
                ? `; ${pluralise(step.result.excluded, 'invalid row')} left out.`
                : '.'}
            </p>
          ) : null}
        </div>
        <ImportActions
          step={step.kind}
          preview={step.kind === 'preview' || step.kind === 'importing' ? step.preview : null}
          exclude={exclude}
          onExcludeChange={setExclude}
          onImport={() => {
            if (step.kind === 'preview') commit(step.source, step.preview);
          }}
          onChooseAnother={chooseAnother}
          onClose={onClose}
        />
      </div>
    </Modal>
  );
}

function describe(error: RpcError): string {
  return `${error.message} (${error.code})`;
}

function FilePicker({ problem, onFile }: { problem: string | null; onFile: (file: File) => void }) {
  const inputId = useId();
  const hintId = useId();
  const problemId = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={inputId}>
        Import file
      </label>
      <input
        id={inputId}
        type="file"
        accept=".csv,.json,text/csv,application/json"
        className="import-file-input"
        data-step-focus="1"
        data-testid="import-file"
        aria-invalid={problem !== null}
        aria-describedby={problem === null ? hintId : `${hintId} ${problemId}`}
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so that choosing the same (fixed) file again still fires a change.
          event.target.value = '';
          if (file) onFile(file);
        }}
      />
      <p id={hintId} className="field-hint">
        A CSV with a header row, or a JSON array of datasets, in UTF-8 and up to 32 MB. Nothing is
        imported until you have seen what the file holds.
      </p>
      {problem === null ? null : (
        <p id={problemId} className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
