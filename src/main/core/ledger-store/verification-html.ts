import {
  faultKindLabels,
  type SigningKeyInfo,
  type VerificationReport,
} from '../../../shared/domain/ledger';

export interface VerificationHtmlInput {
  report: VerificationReport;
  deep: boolean;
  startedAt: string;
  finishedAt: string;
  key: SigningKeyInfo | null;
  /** Who ran it: organisation and operator of this node; null for an export checked alone. */
  organisation: string | null;
  operator: string | null;
  appVersion: string;
  /** The latest signed checkpoint, verbatim, so the reader can re-check it elsewhere. */
  checkpointNote: string | null;
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}

function row(label: string, value: string): string {
  return `<tr><th scope="row">${esc(label)}</th><td>${value}</td></tr>`;
}

const styles = `
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1c2430;margin:40px auto;max-width:860px;padding:0 24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.sub{color:#5b6675;margin:0 0 20px}
.verdict{padding:14px 18px;border-radius:8px;font-weight:600;font-size:16px}
.ok{background:#e7f6ec;color:#14532d;border:1px solid #9bd3ae}.bad{background:#fdecec;color:#7f1d1d;border:1px solid #f1a9a9}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #e3e7ec}
th{width:210px;color:#5b6675;font-weight:500}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px;word-break:break-all}
pre{white-space:pre-wrap;background:#f5f7f9;border:1px solid #e3e7ec;border-radius:6px;padding:10px}
.pass{color:#166534;font-weight:600}.fail{color:#b91c1c;font-weight:600}
footer{margin-top:32px;color:#5b6675;font-size:12px}
@media print{body{margin:0}}`;

/**
 * A self-contained HTML verification report an auditor can file with their work papers: no
 * scripts, no external resources, every value escaped. It states what was checked, the sizes,
 * the checkpoint and key fingerprint, and the result; on failure, where and what.
 */
export function renderVerificationHtml(input: VerificationHtmlInput): string {
  const { report } = input;
  const verdict = report.ok
    ? `<p class="verdict ok">Verified: the ledger of ${esc(report.size)} entries is complete and unaltered at every level checked.</p>`
    : `<p class="verdict bad">Verification FAILED${report.fault && report.fault.seq !== null ? ` at entry ${esc(report.fault.seq)}` : ''}: ${esc(report.fault ? faultKindLabels[report.fault.kind] : 'see the checks below')}.</p>`;
  const checks = report.checks
    .map(
      (check) =>
        `<tr><td>Level ${check.level}</td><td>${esc(check.name)}</td><td>${esc(check.detail)}</td><td class="${check.ok ? 'pass">Passed' : 'fail">Failed'}</td></tr>`,
    )
    .join('');
  const fault = report.fault
    ? `<h2>Fault</h2><table>${[
        row('First bad entry', report.fault.seq === null ? '—' : esc(report.fault.seq)),
        row(
          'Kind',
          `${esc(faultKindLabels[report.fault.kind])} (<code>${esc(report.fault.kind)}</code>)`,
        ),
        row('Detail', esc(report.fault.message)),
      ].join('')}</table>`
    : '';
  const checkpoint = report.checkpoint
    ? [
        row('Checkpoint size', esc(report.checkpoint.size)),
        row('Checkpoint root (base64)', `<code>${esc(report.checkpoint.root)}</code>`),
        row('Signing key name', `<code>${esc(report.checkpoint.keyName)}</code>`),
      ].join('')
    : row('Checkpoint', 'No signed checkpoint was available.');
  const key = input.key
    ? [
        row('Key fingerprint', `<code>${esc(input.key.fingerprint)}</code>`),
        row('Verifier key (vkey)', `<code>${esc(input.key.vkey)}</code>`),
      ].join('')
    : row('Signing key', 'No signing key is registered in this ledger.');
  const levels = input.deep
    ? 'fast (entries), consistency (checkpoints) and deep (replay against every table)'
    : 'fast (entries) and consistency (checkpoints); deep replay was not requested';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Concordat ledger verification — ${esc(report.ok ? 'verified' : 'FAILED')} — ${esc(input.finishedAt)}</title>
<style>${styles}</style></head><body>
<h1>Ledger verification report</h1>
<p class="sub">${input.organisation === null ? 'Checked from an exported bundle' : `${esc(input.organisation)} · run by ${esc(input.operator ?? '')}`} · ${esc(input.finishedAt)}</p>
${verdict}
<h2>What was verified</h2><table>${[
    row('Workspace', `<code>${esc(report.source)}</code>`),
    row('Levels', esc(levels)),
    row('Entries', esc(report.size)),
    row('Tree root (hex)', `<code>${esc(report.root)}</code>`),
    checkpoint,
    key,
    row('Started', esc(input.startedAt)),
    row('Finished', esc(input.finishedAt)),
  ].join('')}</table>
<h2>Checks</h2><table><thead><tr><th>Level</th><th>Check</th><th>What it covered</th><th>Result</th></tr></thead><tbody>${checks}</tbody></table>
${fault}
${input.checkpointNote ? `<h2>Signed checkpoint (C2SP signed note)</h2><pre>${esc(input.checkpointNote)}</pre>` : ''}
<h2>How to check this independently</h2>
<p>Export the ledger (<code>concordat ledger export DIR --db WORKSPACE</code>) and run
<code>concordat verify DIR</code>, or check <code>entries.jsonl</code>, <code>checkpoint</code> and
<code>vkey</code> with any implementation of RFC 6962 and C2SP signed notes (for example Go's
<code>golang.org/x/mod/sumdb/note</code> and <code>sumdb/tlog</code>). Compare the key fingerprint
above with the one the node's operator gives you out of band.</p>
<footer>Generated by Concordat ${esc(input.appVersion)}. This file contains no scripts and loads nothing from the network.</footer>
</body></html>
`;
}
