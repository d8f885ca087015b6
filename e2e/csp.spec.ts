import { CONTENT_SECURITY_POLICY } from '../src/shared/security';
import { expect, test } from './fixtures';

/*
 * The Content Security Policy, exercised in the real page: whatever script an attacker manages
 * to put into the document (an XSS in a dataset's description, say) must not run. The same
 * policy comes from browser mode's server and from the app:// protocol, so these checks hold in
 * either mode; the header itself is checked where there is an HTTP response to read.
 */

interface Probe {
  ran: string[];
  violations: { directive: string; blocked: string }[];
  evalError: string | null;
  functionError: string | null;
}

/**
 * Run in the page as an attacker's injected code would be (the e2e project has no DOM types,
 * so it is JavaScript text). Each attempt would push its name to `ran` if it executed.
 */
const attempts = `(async () => {
  const state = { ran: [], violations: [], evalError: null, functionError: null };
  window.__cspProbe = state;
  document.addEventListener('securitypolicyviolation', (event) => {
    state.violations.push({ directive: event.effectiveDirective, blocked: event.blockedURI });
  });

  // 1. An inline <script> element added to the page.
  const inline = document.createElement('script');
  inline.textContent = "window.__cspProbe.ran.push('inline script')";
  document.head.append(inline);

  // 2. A script tag whose inline code calls eval.
  const evalTag = document.createElement('script');
  evalTag.textContent = 'eval("window.__cspProbe.ran.push(\\'eval in a script tag\\')")';
  document.head.append(evalTag);

  // 3. A script from a data: URL, and one from another origin.
  for (const src of [
    "data:text/javascript,window.__cspProbe.ran.push('data: script')",
    'https://evil.example/payload.js',
  ]) {
    const script = document.createElement('script');
    script.src = src;
    document.head.append(script);
  }

  // 4. An inline event handler, as an injected <img onerror> would carry.
  const img = document.createElement('img');
  img.setAttribute('onerror', "window.__cspProbe.ran.push('inline handler')");
  img.src = '/no-such-image.png';
  document.body.append(img);

  // 5. eval, new Function and a string timer, called by code running in the page. From a
  // timer task: the test harness's own evaluation is exempt from the policy, page tasks are not.
  await new Promise((resolve) =>
    setTimeout(() => {
      try {
        eval("window.__cspProbe.ran.push('eval')");
      } catch (error) {
        state.evalError = error.name;
      }
      try {
        new Function("window.__cspProbe.ran.push('new Function')")();
      } catch (error) {
        state.functionError = error.name;
      }
      setTimeout("window.__cspProbe.ran.push('string timer')", 0);
      resolve();
    }, 0),
  );

  // 6. A javascript: URL, followed as a link would be.
  const link = document.createElement('a');
  link.href = "javascript:window.__cspProbe.ran.push('javascript: URL')";
  document.body.append(link);
  link.click();

  // Violation reports are queued; give them (and the timer) a moment to arrive.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return state;
})()`;

test('inline scripts, eval and their relatives do not run, and each attempt is reported', async ({
  concordat,
}) => {
  const page = concordat.page;
  await expect(page.getByTestId('setup-form')).toBeVisible();

  const probe = await page.evaluate<Probe>(attempts);

  expect(probe.ran).toEqual([]);
  expect(probe.evalError).toBe('EvalError');
  expect(probe.functionError).toBe('EvalError');
  const directives = probe.violations.map((violation) => violation.directive);
  // Inline code (scripts, handler, javascript: URL) and eval each show up as script-src
  // violations; the data: and remote scripts as script-src-elem.
  expect(directives.filter((d) => d.startsWith('script-src')).length).toBeGreaterThanOrEqual(6);
  expect(probe.violations.map((violation) => violation.blocked)).toEqual(
    expect.arrayContaining(['inline', 'eval', 'https://evil.example/payload.js']),
  );

  // The console itself is unharmed: setup still works.
  await expect(page.getByTestId('setup-form')).toBeVisible();
});

test('the page and its assets are served with the strict policy', async ({
  concordat,
  concordatMode,
}) => {
  test.skip(concordatMode !== 'browser', 'the app:// protocol’s headers are unit-tested');
  const page = concordat.page;
  const response = await page.reload();
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(response?.headers()['x-content-type-options']).toBe('nosniff');
  expect(response?.headers()['x-frame-options']).toBe('DENY');
  const script = await page.locator('script[src]').first().getAttribute('src');
  expect(script).toBeTruthy();
  const asset = await page.request.get(new URL(script ?? '', page.url()).toString());
  expect(asset.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  // Nothing in the policy lets inline code or eval back in.
  expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
  expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
});
