// The account page: signs the person in at the authorization server (OAuth 2.1 authorization code
// with PKCE S256, RFC 7636, as a public client), then calls the account endpoints with the access
// token. The token lives in this page's memory only: a reload or another tab signs in again.
'use strict';

(() => {
  const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;
  const RESOURCE_METADATA_URL = meta('tollgate-resource-metadata');
  const CLIENT_ID = meta('tollgate-client-id');
  const SCOPE = 'account:manage';
  // An OpenID provider (its metadata lists ID token algorithms, or openid) signs a person in for
  // the openid scope; some insist on it. The access token still carries only account:manage.
  const isOpenIdProvider = (server) =>
    Array.isArray(server.id_token_signing_alg_values_supported) ||
    (Array.isArray(server.scopes_supported) && server.scopes_supported.includes('openid'));
  const PENDING = 'tollgate.account.sign-in';
  // The endpoints live at the page's own path without the trailing slash: /account, /account/api-key...
  const API = location.pathname.replace(/\/+$/, '');

  const $ = (id) => document.getElementById(id);
  let accessToken = null;

  class ApiError extends Error {
    constructor(status, body) {
      super(describe(status, body));
      this.status = status;
    }
  }

  function describe(status, body) {
    if (body && typeof body.error_description === 'string' && body.error_description) {
      return body.error_description;
    }
    return `The server answered ${status}.`;
  }

  function say(message) {
    $('error').textContent = '';
    $('status').textContent = message;
  }

  function fail(message) {
    $('status').textContent = '';
    $('error').textContent = message;
  }

  function base64url(bytes) {
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function randomString(length) {
    return base64url(crypto.getRandomValues(new Uint8Array(length)));
  }

  async function s256(verifier) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
    return base64url(new Uint8Array(digest));
  }

  async function getJson(url) {
    const response = await fetch(url, {
      headers: { Accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
    });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    return response.json();
  }

  // RFC 8414 §3.1 (path inserted after /.well-known), then OpenID Connect Discovery's form.
  async function authorizationServerMetadata(issuer) {
    const url = new URL(issuer);
    const path = url.pathname.replace(/\/+$/, '');
    const candidates = [
      `${url.origin}/.well-known/oauth-authorization-server${path}`,
      `${url.origin}/.well-known/openid-configuration${path}`,
      `${url.origin}${path}/.well-known/openid-configuration`,
    ];
    for (const candidate of candidates) {
      let metadata;
      try {
        metadata = await getJson(candidate);
      } catch (e) {
        continue;
      }
      // RFC 8414 §3.3: the document must be the issuer's own.
      if (metadata.issuer !== issuer) continue;
      return metadata;
    }
    throw new Error('The authorization server publishes no metadata.');
  }

  async function discover() {
    const resourceMetadata = await getJson(RESOURCE_METADATA_URL);
    const issuer = (resourceMetadata.authorization_servers || [])[0];
    if (!issuer) throw new Error('The server names no authorization server.');
    const server = await authorizationServerMetadata(issuer);
    const methods = server.code_challenge_methods_supported;
    if (Array.isArray(methods) && !methods.includes('S256')) {
      throw new Error('The authorization server does not support PKCE with S256.');
    }
    return {
      issuer,
      resource: resourceMetadata.resource,
      authorizationEndpoint: server.authorization_endpoint,
      tokenEndpoint: server.token_endpoint,
      scope: isOpenIdProvider(server) ? `openid ${SCOPE}` : SCOPE,
    };
  }

  async function signIn() {
    if (!window.isSecureContext || !crypto.subtle) {
      fail('Signing in needs a secure context: open this page over HTTPS or on localhost.');
      return;
    }
    $('sign-in').disabled = true;
    say('Contacting the authorization server…');
    try {
      const found = await discover();
      const verifier = randomString(32);
      const state = randomString(16);
      const redirectUri = location.origin + location.pathname;
      sessionStorage.setItem(
        PENDING,
        JSON.stringify({ state, verifier, redirectUri, ...found }),
      );
      const authorize = new URL(found.authorizationEndpoint);
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: CLIENT_ID,
        redirect_uri: redirectUri,
        scope: found.scope,
        state,
        code_challenge: await s256(verifier),
        code_challenge_method: 'S256',
        resource: found.resource,
      });
      for (const [name, value] of query) authorize.searchParams.set(name, value);
      location.assign(authorize.toString());
    } catch (e) {
      $('sign-in').disabled = false;
      fail(`Could not start signing in: ${e.message}`);
    }
  }

  async function completeSignIn(params) {
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
    sessionStorage.removeItem(PENDING);
    // The code is single-use and must not linger in the address bar or the history.
    history.replaceState(null, '', location.pathname);
    if (!pending || params.get('state') !== pending.state) {
      fail('This sign-in response was not started from this page. Sign in again.');
      return;
    }
    if (params.has('error')) {
      fail('The authorization server did not sign you in. Sign in again.');
      return;
    }
    // RFC 9207: when the server names itself, it must be the one we went to.
    if (params.has('iss') && params.get('iss') !== pending.issuer) {
      fail('The sign-in response came from an unexpected authorization server.');
      return;
    }
    say('Signing in…');
    const response = await fetch(pending.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: params.get('code') || '',
        redirect_uri: pending.redirectUri,
        client_id: CLIENT_ID,
        code_verifier: pending.verifier,
        resource: pending.resource,
      }),
    });
    const token = response.ok ? await response.json() : null;
    if (!token || typeof token.access_token !== 'string' || String(token.token_type).toLowerCase() !== 'bearer') {
      fail('The authorization server did not issue an access token. Sign in again.');
      return;
    }
    accessToken = token.access_token;
    await load();
    say('You are signed in.');
    $('page-heading').focus();
  }

  function signOut(message) {
    accessToken = null;
    hideNewKey();
    for (const id of ['plan-section', 'key-section', 'apps-section', 'session']) $(id).hidden = true;
    $('sign-in-section').hidden = false;
    $('sign-in').disabled = false;
    if (message) say(message);
  }

  async function api(method, path) {
    const response = await fetch(API + path, {
      method,
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
    });
    let body = null;
    if (response.status !== 204) {
      try {
        body = await response.json();
      } catch (e) {
        body = null;
      }
    }
    if (response.status === 401) {
      signOut();
      throw new ApiError(401, { error_description: 'Your sign-in has ended. Sign in again.' });
    }
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  function when(instant) {
    return instant ? new Date(instant).toLocaleString() : 'never';
  }

  function titleCase(plan) {
    return plan ? plan.charAt(0).toUpperCase() + plan.slice(1).toLowerCase() : 'unknown';
  }

  function renderAccount(account) {
    $('signed-in-as').textContent = account.account_id;
    $('account-id').textContent = account.account_id;
    $('plan').textContent = titleCase(account.plan);
    $('credits-purchased').textContent = String(account.credits.purchased);
    $('credits-monthly').textContent = String(account.credits.monthly_allocation);
    $('entitled').textContent = account.entitled ? 'Yes' : 'No';
    const note = $('entitlement-note');
    note.textContent = '';
    note.hidden = account.entitled;
    if (!account.entitled) {
      note.append(account.entitlement_description || 'Your plan does not include the MCP server.');
      if (account.upgrade_uri && /^https?:\/\//.test(account.upgrade_uri)) {
        const link = document.createElement('a');
        link.href = account.upgrade_uri;
        link.textContent = 'Upgrade your plan';
        note.append(' ', link);
      }
    }
    const key = account.api_key;
    $('key-summary').textContent = key
      ? `You have an API key (its random part begins ${key.display_prefix}…). Created ${when(key.created_at)}; last used ${when(key.last_used_at)}.`
      : 'You have no API key.';
    $('create-key').hidden = Boolean(key);
    $('renew-key').hidden = !key;
    $('revoke-key').hidden = !key;
  }

  function renderConnections(list) {
    const body = $('apps');
    body.replaceChildren();
    for (const app of list.connections) {
      const row = document.createElement('tr');
      const cells = [app.client_id, app.scopes.join(' ') || '—', when(app.first_used_at), when(app.last_used_at)];
      cells.forEach((text, index) => {
        const cell = document.createElement('td');
        cell.textContent = text;
        if (index === 0) cell.className = 'client';
        row.append(cell);
      });
      const action = document.createElement('td');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'danger';
      button.textContent = 'Disconnect';
      button.setAttribute('aria-label', `Disconnect ${app.client_id}`);
      button.addEventListener('click', () => disconnect(app.client_id));
      action.append(button);
      row.append(action);
      body.append(row);
    }
    $('apps-table').hidden = list.connections.length === 0;
    $('apps-empty').hidden = list.connections.length !== 0;
    const disconnected = list.disconnected || [];
    const waiting = $('disconnected');
    waiting.replaceChildren();
    for (const app of disconnected) {
      const row = document.createElement('tr');
      [app.client_id, when(app.disconnected_at)].forEach((text, index) => {
        const cell = document.createElement('td');
        cell.textContent = text;
        if (index === 0) cell.className = 'client';
        row.append(cell);
      });
      const action = document.createElement('td');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Reconnect';
      button.setAttribute('aria-label', `Reconnect ${app.client_id}`);
      button.addEventListener('click', () => reconnect(app.client_id));
      action.append(button);
      row.append(action);
      waiting.append(row);
    }
    $('disconnected-section').hidden = disconnected.length === 0;
  }

  async function load() {
    const [account, connections] = await Promise.all([api('GET', ''), api('GET', '/connections')]);
    renderAccount(account);
    renderConnections(connections);
    $('sign-in-section').hidden = true;
    for (const id of ['plan-section', 'key-section', 'apps-section', 'session']) $(id).hidden = false;
  }

  function showNewKey(issued) {
    $('new-key-value').value = issued.api_key;
    $('new-key').hidden = false;
    $('new-key-value').focus();
    $('new-key-value').select();
  }

  function hideNewKey() {
    $('new-key-value').value = '';
    $('new-key').hidden = true;
  }

  // Runs an action with its button disabled, reporting the outcome in the live regions.
  async function act(button, action) {
    button.disabled = true;
    try {
      await action();
    } catch (e) {
      fail(e instanceof ApiError ? e.message : `Something went wrong: ${e.message}`);
    } finally {
      button.disabled = false;
    }
  }

  async function createKey() {
    const issued = await api('POST', '/api-key');
    renderAccount(await api('GET', ''));
    showNewKey(issued);
    say('Your API key was created. It is shown only once: copy it now.');
  }

  async function renewKey() {
    if (!confirm('Renew your API key? The current key stops working at once.')) return;
    const issued = await api('POST', '/api-key/renew');
    renderAccount(await api('GET', ''));
    showNewKey(issued);
    say('Your API key was renewed; the old one no longer works. The new key is shown only once: copy it now.');
  }

  async function revokeKey() {
    if (!confirm('Revoke your API key? Anything using it stops working at once.')) return;
    await api('DELETE', '/api-key');
    hideNewKey();
    renderAccount(await api('GET', ''));
    say('Your API key was revoked.');
    $('key-heading').focus();
  }

  async function copyKey() {
    const field = $('new-key-value');
    try {
      await navigator.clipboard.writeText(field.value);
    } catch (e) {
      field.select();
      if (!document.execCommand('copy')) {
        fail('Copying is not allowed here: select the key and copy it yourself.');
        return;
      }
    }
    say('The key was copied to the clipboard.');
  }

  async function disconnect(clientId) {
    if (!confirm(`Disconnect ${clientId}? Its access tokens stop working at once.`)) return;
    try {
      const result = await api('DELETE', `/connections/${encodeURIComponent(clientId)}`);
      renderConnections(await api('GET', '/connections'));
      const grant = result && result.grant_revocation === 'failed'
        ? ' The authorization server could not be told; the app stays refused here.'
        : '';
      say(`${clientId} was disconnected.${grant}`);
      $('apps-heading').focus();
    } catch (e) {
      fail(e instanceof ApiError ? e.message : `Something went wrong: ${e.message}`);
    }
  }

  async function reconnect(clientId) {
    if (!confirm(`Reconnect ${clientId}? It can use your account again with the access it had.`)) return;
    try {
      await api('POST', `/connections/${encodeURIComponent(clientId)}/reconnect`);
      renderConnections(await api('GET', '/connections'));
      say(`${clientId} was reconnected.`);
      $('apps-heading').focus();
    } catch (e) {
      fail(e instanceof ApiError ? e.message : `Something went wrong: ${e.message}`);
    }
  }

  async function refreshApps() {
    renderConnections(await api('GET', '/connections'));
    say('The list of connected apps is up to date.');
  }

  function start() {
    $('sign-in').addEventListener('click', signIn);
    $('sign-out').addEventListener('click', () => {
      signOut('You are signed out.');
      $('sign-in').focus();
    });
    $('create-key').addEventListener('click', (e) => act(e.currentTarget, createKey));
    $('renew-key').addEventListener('click', (e) => act(e.currentTarget, renewKey));
    $('revoke-key').addEventListener('click', (e) => act(e.currentTarget, revokeKey));
    $('copy-key').addEventListener('click', (e) => act(e.currentTarget, copyKey));
    $('hide-key').addEventListener('click', () => {
      hideNewKey();
      say('The key is hidden and will not be shown again.');
      $('key-heading').focus();
    });
    $('refresh-apps').addEventListener('click', (e) => act(e.currentTarget, refreshApps));
    const params = new URLSearchParams(location.search);
    if (params.has('code') || params.has('error')) {
      completeSignIn(params).catch((e) => fail(`Could not sign in: ${e.message}`));
    }
  }

  start();
})();
