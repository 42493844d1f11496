// The example's account page in a real browser: headless Chromium (Debian's chromium package)
// driven by playwright-core.
//
//   node account-page.mjs <account-page-url> <mcp-url>
//     TOLLGATE_BROWSER_DEMO_KEY   the API key the example issued demo-pro at start-up
//     TOLLGATE_SCREENSHOT_DIR     where the PNG screenshots go (default: ./screenshots)
//     TOLLGATE_CHROMIUM           the browser (default: /usr/bin/chromium)
//
// Signs in through the development authorization server (authorization code + PKCE, done by the
// page, for the account resource), revokes the demo key, creates a key (shown once, works against
// /mcp), renews it (the old one gets 401), connects an app (it registers itself; sign-in page,
// consent page, callback), disconnects it (its token gets 401 and the server ends its grant, so its
// refresh fails), reconnects it and approves it again (its new token works). Only loopback addresses are
// reached: every other request is aborted. Prints "N passed, M failed" last; exits non-zero on a
// failure. Steps depend on each other, so the first failure ends the run.
import { chromium } from 'playwright-core';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const TIMEOUT_MS = 120_000;
const ACCOUNT = 'demo-pro';
const APP_NAME = 'Demo MCP app';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const pageUrl = new URL(process.argv[2] ?? 'http://localhost:8080/account/');
const mcpUrl = new URL(process.argv[3] ?? 'http://localhost:8080/mcp');
const accountResource = new URL(process.argv[4] ?? new URL('/account', pageUrl).toString());
const demoKey = process.env.TOLLGATE_BROWSER_DEMO_KEY;
const screenshots = path.resolve(process.env.TOLLGATE_SCREENSHOT_DIR ?? 'screenshots');
const executablePath = process.env.TOLLGATE_CHROMIUM ?? '/usr/bin/chromium';

let passed = 0;
let failed = 0;
const pageProblems = [];
let currentPage = null;

const watchdog = setTimeout(() => {
  console.log(`FAIL - the run did not finish within ${TIMEOUT_MS / 1000} s`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}, TIMEOUT_MS);
watchdog.unref();

async function step(name, body) {
  try {
    await body();
    passed++;
    console.log(`ok   - ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL - ${name}: ${error?.stack ?? error}`);
    await describePage();
    throw Object.assign(new Error(`step failed: ${name}`), { counted: true });
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** On a failure: where the page is, what it says, and a screenshot beside the others. */
async function describePage() {
  if (!currentPage) return;
  try {
    console.log(`  page: ${currentPage.url()}`);
    console.log(`  text: ${(await currentPage.evaluate(() => document.body.innerText)).slice(0, 2000)}`);
    await currentPage.screenshot({ path: path.join(screenshots, 'failure.png') });
  } catch (error) {
    console.log(`  (page not readable: ${error.message})`);
  }
}

/** The status of an MCP initialize sent with {@code bearer}. */
async function initialize(bearer) {
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${bearer}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'browser-test', version: '1.0' } },
    }),
    signal: AbortSignal.timeout(20_000),
  });
  await response.body?.cancel();
  return response.status;
}

/**
 * Another app connecting as {@code ACCOUNT}, interactively, in a browser tab of its own: it
 * registers itself (RFC 7591), sends the person to the authorization endpoint (code + PKCE S256,
 * no openid), where they pick the demo account on the sign-in page and approve the consent page,
 * which names the app and the scope; the redirect to the app's loopback callback carries the
 * code, which the app exchanges. Returns the token response (access and refresh token).
 */
async function connectApp(context, registeredClientId) {
  const metadata = await (await fetch(new URL('/.well-known/oauth-protected-resource' + mcpUrl.pathname, mcpUrl))).json();
  const issuer = new URL(metadata.authorization_servers[0]);
  const server = await (await fetch(new URL('/.well-known/oauth-authorization-server' + issuer.pathname.replace(/\/$/, ''), issuer))).json();
  assert(server.registration_endpoint, 'no registration endpoint');
  assert((server.code_challenge_methods_supported ?? []).includes('S256'), 'no S256');
  const redirectUri = 'http://127.0.0.1:9/app-callback';
  let clientId = registeredClientId;
  if (!clientId) {
  const registration = await fetch(server.registration_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({
      client_name: APP_NAME,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    }),
  });
  assert(registration.status === 201, `registration answered ${registration.status}`);
  clientId = (await registration.json()).client_id;
  }
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL(server.authorization_endpoint);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'mcp',
    state: 'app-state',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    resource: metadata.resource,
  }).toString();
  const tab = await context.newPage();
  try {
    const callback = new Promise((resolve) => {
      tab.route(`${redirectUri}**`, (route) => {
        resolve(new URL(route.request().url()));
        route.fulfill({ status: 200, contentType: 'text/plain', body: 'signed in' });
      });
    });
    await tab.goto(authorize.toString());
    // A new person at the server: the sign-in page, labelled development only, lists the demo
    // accounts; one already signed in there goes straight to the consent page.
    const signInHeading = tab.getByRole('heading', { name: 'Sign in' });
    const consentHeading = tab.getByRole('heading', { name: `Approve ${APP_NAME}?` });
    await Promise.race([signInHeading.waitFor(), consentHeading.waitFor()]);
    if (!registeredClientId) {
      assert(await signInHeading.isVisible(), 'no sign-in page for a new person');
      assert(await tab.getByText('Development only').isVisible(), 'the sign-in page is not labelled development only');
      await shot(tab, 'dev-server-sign-in.png', { fullPage: true });
      await tab.getByRole('button', { name: new RegExp(`^${ACCOUNT}\\b`) }).click();
    }
    // The consent page names the app, the account and the permission it asks for.
    await tab.getByRole('heading', { name: `Approve ${APP_NAME}?` }).waitFor();
    const consentText = await tab.evaluate(() => document.body.innerText);
    for (const expected of [clientId, ACCOUNT, 'mcp', 'Development only']) {
      assert(consentText.includes(expected), `the consent page does not say ${expected}`);
    }
    await shot(tab, 'dev-server-consent.png', { fullPage: true });
    await tab.getByRole('button', { name: 'Approve' }).click();
    const returned = await callback;
    assert(returned.searchParams.get('state') === 'app-state', 'state');
    const code = returned.searchParams.get('code');
    assert(code, `no code in ${returned}`);
    const token = await fetch(server.token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: clientId,
        code_verifier: verifier,
        resource: metadata.resource,
      }),
    });
    assert(token.ok, `token endpoint answered ${token.status}`);
    return { ...(await token.json()), clientId, tokenEndpoint: server.token_endpoint, resource: metadata.resource };
  } finally {
    await tab.close();
  }
}

/** Signs in on the page as {@code ACCOUNT}; returns the authorization request's URL. */
async function signIn(page) {
  const authorizeRequest = page.waitForRequest((request) => request.url().includes('/authorize?'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  const authorize = new URL((await authorizeRequest).url());
  // The development server's sign-in page, unless its session from an earlier sign-in still holds.
  const signedIn = page.locator('#signed-in-as').filter({ hasText: ACCOUNT });
  const accountButton = page.getByRole('button', { name: new RegExp(`^${ACCOUNT}\\b`) });
  await Promise.race([signedIn.waitFor(), accountButton.waitFor()]);
  if (!(await signedIn.isVisible())) {
    assert(await page.getByText('Development only', { exact: false }).first().isVisible(), 'no development-only label');
    await accountButton.click();
  }
  await signedIn.waitFor();
  return authorize;
}

async function pageText(page) {
  return page.evaluate(() =>
    document.body.innerText + ' ' + [...document.querySelectorAll('input')].map((input) => input.value).join(' '));
}

async function shot(page, name, options = {}) {
  await page.screenshot({ path: path.join(screenshots, name), ...options });
}

async function main() {
  assert(demoKey, 'TOLLGATE_BROWSER_DEMO_KEY is not set');
  await mkdir(screenshots, { recursive: true });
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'tollgate-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ARGS,
    viewport: { width: 960, height: 900 },
    timeout: 60_000,
  });
  try {
    context.setDefaultTimeout(20_000);
    // Loopback only: the development server's login page links web fonts, which must not be fetched.
    await context.route('**/*', (route) =>
      LOOPBACK.has(new URL(route.request().url()).hostname) ? route.continue() : route.abort());
    const page = context.pages()[0] ?? (await context.newPage());
    currentPage = page;
    page.on('dialog', (dialog) => dialog.accept());
    page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) pageProblems.push(message.text());
    });
    await run(page);
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

async function run(page) {
  await step('page loads signed out: heading, live regions, keyboard order and visible focus', async () => {
    const response = await page.goto(pageUrl.toString());
    assert(response.status() === 200, `page answered ${response.status()}`);
    assert((response.headers()['content-security-policy'] ?? '').includes("script-src 'self'"), 'no strict CSP');
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert((await page.locator('#status').getAttribute('aria-live')) === 'polite', 'status is not a live region');
    assert((await page.locator('#error').getAttribute('role')) === 'alert', 'errors are not announced');
    // Keyboard: the skip link comes first, then the sign-in button, with a visible focus ring.
    await page.keyboard.press('Tab');
    assert(await page.evaluate(() => document.activeElement?.classList.contains('skip-link')), 'skip link is not first');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({
      text: document.activeElement?.textContent,
      outline: getComputedStyle(document.activeElement).outlineStyle,
    }));
    assert(focused.text === 'Sign in' && focused.outline !== 'none', `focus on ${JSON.stringify(focused)}`);
    await page.locator('main').focus();
    await shot(page, 'account-signed-out.png');
  });

  let authorize;
  await step('sign-in: authorization code with PKCE S256 for account:manage, code removed from the address bar', async () => {
    authorize = await signIn(page);
    const params = authorize.searchParams;
    assert(params.get('response_type') === 'code', 'response_type');
    assert(params.get('code_challenge_method') === 'S256', 'code_challenge_method');
    assert(/^[A-Za-z0-9_-]{43}$/.test(params.get('code_challenge') ?? ''), 'code_challenge is not a SHA-256 in base64url');
    assert(params.get('scope').split(' ').includes('account:manage') && !params.get('scope').includes('mcp'), `scope ${params.get('scope')}`);
    assert(params.get('resource') === accountResource.toString(), `resource ${params.get('resource')} is not the account resource`);
    assert(params.get('redirect_uri') === pageUrl.toString(), `redirect_uri ${params.get('redirect_uri')}`);
    assert(!page.url().includes('code='), `code left in ${page.url()}`);
  });

  await step('plan and credits are shown', async () => {
    assert((await page.locator('#plan').innerText()) === 'Professional', 'plan');
    assert(/^\d+$/.test(await page.locator('#credits-purchased').innerText()), 'credits');
    assert((await page.locator('#entitled').innerText()) === 'Yes', 'entitled');
  });

  await step('revoking the demo key: it gets 401 at /mcp', async () => {
    assert((await initialize(demoKey)) === 200, 'the demo key did not work before');
    await page.getByRole('button', { name: 'Revoke API key' }).click();
    await page.locator('#status').filter({ hasText: 'revoked' }).waitFor();
    assert((await initialize(demoKey)) === 401, 'the revoked key still works');
  });

  let key;
  await step('creating a key: shown once, focused, with a copy button; it works at /mcp', async () => {
    await page.getByRole('button', { name: 'Create API key' }).click();
    const field = page.getByLabel('Your new API key');
    await field.waitFor();
    key = await field.inputValue();
    assert(key.startsWith('tgk_'), 'no key shown');
    assert(await field.evaluate((element) => element === document.activeElement), 'the key field is not focused');
    await page.getByRole('button', { name: 'Copy' }).waitFor();
    await page.locator('#status').filter({ hasText: 'shown only once' }).waitFor();
    await shot(page, 'account-new-key.png');
    assert((await initialize(key)) === 200, 'the new key is refused');
  });

  let renewed;
  await step('renewing the key: the old one gets 401, the new one works', async () => {
    await page.getByRole('button', { name: 'Renew API key' }).click();
    await page.locator('#status').filter({ hasText: 'renewed' }).waitFor();
    renewed = await page.getByLabel('Your new API key').inputValue();
    assert(renewed.startsWith('tgk_') && renewed !== key, 'no new key shown');
    assert((await initialize(key)) === 401, 'the old key still works');
    assert((await initialize(renewed)) === 200, 'the renewed key is refused');
  });

  await step('the key is never shown again: not after hiding it, nor after signing in anew', async () => {
    await page.getByRole('button', { name: 'I have stored it' }).click();
    assert(!(await pageText(page)).includes(renewed), 'the key is still on the page');
    await page.reload();
    await signIn(page);
    await page.locator('#key-summary').filter({ hasText: 'You have an API key' }).waitFor();
    assert(!(await pageText(page)).includes(renewed), 'the key is shown again');
  });

  let app;
  let appToken;
  let appClientId;
  await step('another app that used the account is listed', async () => {
    // The app runs in another browser: the person signs in at the server afresh.
    await page.context().clearCookies();
    app = await connectApp(page.context());
    appClientId = app.clientId;
    appToken = app.access_token;
    assert(app.refresh_token, 'the app got no refresh token');
    assert((await initialize(appToken)) === 200, "the app's token is refused");
    await page.getByRole('button', { name: 'Refresh the list' }).click();
    await page.getByRole('cell', { name: appClientId, exact: true }).waitFor();
    await shot(page, 'account-connected-apps.png', { fullPage: true });
  });

  await step('disconnecting the app: its token gets 401 at /mcp, and the server ended its grant (the refresh fails)', async () => {
    await page.getByRole('button', { name: `Disconnect ${appClientId}` }).click();
    await page.locator('#status').filter({ hasText: 'was disconnected' }).waitFor();
    assert((await page.locator('#apps').getByRole('cell', { name: appClientId, exact: true }).count()) === 0, 'the app is still listed as connected');
    assert((await initialize(appToken)) === 401, "the disconnected app's token still works");
    const refused = await fetch(app.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: app.refresh_token, client_id: appClientId, resource: app.resource }),
    });
    assert(refused.status === 400, `the refresh after the disconnection answered ${refused.status}`);
    await page.locator('#disconnected').getByRole('cell', { name: appClientId, exact: true }).waitFor();
    await shot(page, 'account-disconnected-apps.png', { fullPage: true });
  });

  await step('reconnecting the app on the page, then the app is approved again: its new token works, the old one stays refused', async () => {
    // Token iat and auth_time have whole seconds: the new approval comes in a later second.
    const disconnectedBy = Math.floor(Date.now() / 1000);
    while (Math.floor(Date.now() / 1000) <= disconnectedBy) await new Promise((done) => setTimeout(done, 50));
    await page.getByRole('button', { name: `Reconnect ${appClientId}` }).click();
    await page.locator('#status').filter({ hasText: 'was reconnected' }).waitFor();
    assert(await page.locator('#disconnected-section').isHidden(), 'the app is still listed as disconnected');
    const again = await connectApp(page.context(), appClientId);
    assert((await initialize(again.access_token)) === 200, "the re-approved app's token is refused");
    assert((await initialize(appToken)) === 401, 'a token from before the disconnection works again');
  });

  await step('no script errors and no Content Security Policy violations', async () => {
    assert(pageProblems.length === 0, pageProblems.join('\n'));
  });
}

try {
  await main();
} catch (error) {
  if (!error?.counted) {
    failed++;
    console.log(`FAIL - browser set-up: ${error?.stack ?? error}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
