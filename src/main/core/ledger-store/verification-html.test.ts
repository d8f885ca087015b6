import { describe, expect, it } from 'vitest';
import type { VerificationReport } from '../../../shared/domain/ledger';
import { renderVerificationHtml } from './verification-html';

const failed: VerificationReport = {
  ok: false,
  source: '/tmp/<b>w</b>.concordat',
  size: 12,
  root: 'ab'.repeat(32),
  checkpoint: { size: 12, root: 'cm9vdA==', keyName: 'concordat/n1', vkey: 'concordat/n1+1+AQ' },
  checks: [
    { level: 1, name: 'entries', detail: '12 entries', ok: true },
    { level: 2, name: 'checkpoints', detail: '2 stored checkpoints', ok: false },
  ],
  fault: { seq: 11, kind: 'fork', message: 'Checkpoints 1 and 2 both sign size 12' },
};

function render(report: VerificationReport, organisation = 'Acme') {
  return renderVerificationHtml({
    report,
    deep: false,
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:00:01.000Z',
    key: { keyName: 'concordat/n1', vkey: 'concordat/n1+1+AQ', fingerprint: 'SHA256:abc' },
    organisation,
    operator: 'Ada',
    appVersion: '1.2.3',
    checkpointNote: 'concordat/n1\n12\ncm9vdA==\n\n— concordat/n1 sig\n',
  });
}

describe('the HTML verification report', () => {
  it('says where and what failed, with sizes, checkpoint and key fingerprint', () => {
    const html = render(failed);
    expect(html).toContain('Verification FAILED at entry 11');
    expect(html).toContain('Two signed checkpoints contradict each other (fork)');
    expect(html).toContain('SHA256:abc');
    expect(html).toContain('cm9vdA==');
    expect(html).toContain('<td class="fail">Failed</td>');
    expect(html).toContain('deep replay was not requested');
  });

  it('is self-contained and escapes every value', () => {
    const html = render(failed, '<script>alert(1)</script>');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('/tmp/&lt;b&gt;w&lt;/b&gt;.concordat');
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).toContain("default-src 'none'");
  });

  it('states a clean result plainly', () => {
    const html = render({ ...failed, ok: true, fault: null, checks: [failed.checks[0]!] });
    expect(html).toContain('Verified: the ledger of 12 entries is complete and unaltered');
  });
});
