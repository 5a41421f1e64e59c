// Browser test data, per provider: a fixture section with fresh random credentials (nothing
// credential-shaped is committed) and the verdicts the page must show for them. This is the one
// place that names providers; page.test.mjs fails for a registry provider missing here, so a
// provider that lands must add its browser cases.
import { generateKeyPairSync, randomBytes, randomInt, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const random = (n, alphabet = ALNUM) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

function huggingface() {
  const t = { valid: `hf_${random(34)}`, revoked: `hf_${random(34)}`, limited: `hf_${random(34)}`, broken: `hf_${random(34)}`, hang: `hf_${random(34)}` };
  return {
    fixture: {
      tokens: [
        { token: t.valid, whoami: { name: 'browser-user', auth: { type: 'access_token', accessToken: { displayName: 'browser', role: 'write' } } } },
        { token: t.revoked, revoked: true },
        { token: t.limited, fault: 'rate_limit', retry_after: 9 },
        { token: t.broken, fault: 'server_error' },
        { token: t.hang, fault: 'hang', max_ms: 10000 },
      ],
    },
    valid: { hf_token: t.valid },
    identityText: 'browser-user',
    secrets: Object.values(t),
    cases: [
      { name: 'valid token', fields: { hf_token: t.valid }, status: 'valid', text: /browser-user/ },
      { name: 'revoked token', fields: { hf_token: t.revoked }, status: 'invalid', text: /401/ },
      { name: 'unknown token', fields: { hf_token: `hf_${random(34)}` }, status: 'invalid' },
      { name: 'malformed token', fields: { hf_token: 'hf_short' }, status: 'malformed', text: /nothing was sent/i },
      { name: '429 from the hub', fields: { hf_token: t.limited }, status: 'rate_limited' },
      { name: '500 from the hub', fields: { hf_token: t.broken }, status: 'indeterminate' },
    ],
    timeout: { fields: { hf_token: t.hang } },
    lintWhileTyping: { field: 'hf_token', partial: 'hf_abc', message: /hf_token|Access token/ },
  };
}

function lambda() {
  const key = (name) => `secret_browser-${name}_${randomBytes(16).toString('hex')}.${random(32)}`;
  const k = { valid: key('test'), revoked: key('revoked'), broken: key('broken'), limited: key('limited') };
  return {
    fixture: {
      rate_limit: false,
      keys: [{ key: k.valid }, { key: k.revoked, revoked: true }, { key: k.broken, fault: 'server_error' }, { key: k.limited, fault: 'rate_limit', retry_after: 5 }],
    },
    valid: { lambda_api_key: k.valid },
    secrets: Object.values(k),
    // Lambda answers browsers without CORS headers: without a relay the page must say blocked.
    needsRelay: true,
    cases: [
      { name: 'valid key', fields: { lambda_api_key: k.valid }, status: 'valid' },
      { name: 'revoked key', fields: { lambda_api_key: k.revoked }, status: 'invalid' },
      { name: 'malformed key', fields: { lambda_api_key: 'not a key' }, status: 'malformed' },
      { name: '500 from the API', fields: { lambda_api_key: k.broken }, status: 'indeterminate' },
      { name: '429 from the API', fields: { lambda_api_key: k.limited }, status: 'rate_limited' },
    ],
  };
}

function azure() {
  const tenant = randomUUID();
  const subscription = randomUUID();
  const secret = () => `${random(3)}8Q~${random(34, `${ALNUM}-_.~`)}`;
  const p = { valid: { id: randomUUID(), secret: secret() }, expired: { id: randomUUID(), secret: secret() }, none: { id: randomUUID(), secret: secret() }, busy: { id: randomUUID(), secret: secret() }, broken: { id: randomUUID(), secret: secret() } };
  const fields = (who, s = who.secret) => ({ azure_tenant_id: tenant, azure_client_id: who.id, azure_client_secret: s });
  return {
    fixture: {
      tenants: [{ id: tenant, domains: ['browsertest.onmicrosoft.com'], display_name: 'Browser Test' }],
      subscriptions: [{ id: subscription, name: 'Browser Sub', tenant }],
      principals: [
        { tenant, client_id: p.valid.id, secret: p.valid.secret, display_name: 'browser-app', subscriptions: [subscription] },
        { tenant, client_id: p.expired.id, secret: p.expired.secret, secret_expired: true },
        { tenant, client_id: p.busy.id, secret: p.busy.secret, fault: 'rate_limit', retry_after: 5 },
        { tenant, client_id: p.broken.id, secret: p.broken.secret, fault: 'server_error' },
      ],
    },
    valid: fields(p.valid),
    secrets: [p.valid.secret, p.expired.secret, p.none.secret, p.busy.secret, p.broken.secret],
    needsRelay: true,
    cases: [
      { name: 'valid service principal', fields: fields(p.valid), status: 'valid', text: /Browser Sub|browser-app/ },
      { name: 'wrong secret', fields: fields(p.valid, p.none.secret), status: 'invalid' },
      { name: 'expired secret', fields: fields(p.expired), status: 'expired' },
      { name: 'malformed tenant', fields: { ...fields(p.valid), azure_tenant_id: 'not-a-guid' }, status: 'malformed' },
      { name: 'throttled token endpoint', fields: fields(p.busy), status: 'rate_limited' },
      { name: '500 from the token endpoint', fields: fields(p.broken), status: 'indeterminate' },
    ],
  };
}

function gcp() {
  // A fresh RSA key per run: the emulator holds the public half, the page signs with the
  // private half through WebCrypto (the Sign step).
  const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const good = pair();
  const other = pair();
  const project = `browser-${randomBytes(4).toString('hex')}`;
  const email = `browser-sa@${project}.iam.gserviceaccount.com`;
  const keyId = randomBytes(20).toString('hex');
  const keyFile = (privateKey) => JSON.stringify({
    type: 'service_account', project_id: project, private_key_id: keyId, private_key: privateKey,
    client_email: email, client_id: String(randomInt(1e9, 2e9)) + String(randomInt(1e9, 2e9)),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth', token_uri: 'https://oauth2.googleapis.com/token',
  }, null, 2);
  const valid = { gcp_service_account_key: keyFile(good.privateKey), gcp_project_id: project };
  const brokenEmail = `broken-sa@${project}.iam.gserviceaccount.com`;
  const broken = { ...valid, gcp_service_account_key: keyFile(good.privateKey).replace(email, brokenEmail) };
  return {
    fixture: {
      service_accounts: [
        { client_email: email, keys: [{ key_id: keyId, public_key_pem: good.publicKey }], projects: [project] },
        { client_email: brokenEmail, keys: [{ key_id: keyId, public_key_pem: good.publicKey }], projects: [project], fault: 'server_error' },
      ],
      projects: [{ project_id: project, display_name: 'Browser Project' }, { project_id: `${project}-other`, display_name: 'Not Shared' }],
    },
    valid,
    // The private key's base64 body is what must never leak; the first line is shared by all.
    secrets: [good.privateKey, other.privateKey].map((pem) => pem.split('\n')[1]),
    cases: [
      { name: 'valid service account key', fields: valid, status: 'valid', text: new RegExp(project) },
      { name: 'key the account does not have', fields: { ...valid, gcp_service_account_key: keyFile(other.privateKey) }, status: 'invalid' },
      { name: 'not JSON', fields: { ...valid, gcp_service_account_key: '{"type": "service_account",' }, status: 'malformed' },
      { name: '500 from the token endpoint', fields: broken, status: 'indeterminate' },
      { name: 'a project the account may not read', fields: { ...valid, gcp_project_id: `${project}-other` }, status: 'insufficient' },
    ],
  };
}

function aws() {
  const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const keyId = (prefix) => `${prefix}${random(16, UPPER)}`;
  const secret = () => random(40, `${ALNUM}+/`);
  const account = String(randomInt(1e11, 1e12 - 1));
  const p = {
    user: { access_key_id: keyId('AKIA'), secret_access_key: secret(), arn: `arn:aws:iam::${account}:user/browser-user` },
    temp: { access_key_id: keyId('ASIA'), secret_access_key: secret(), session_token: random(120), arn: `arn:aws:sts::${account}:assumed-role/browser-role/session`, expired: true },
    busy: { access_key_id: keyId('AKIA'), secret_access_key: secret(), arn: `arn:aws:iam::${account}:user/busy`, fault: 'rate_limit', status: 400 },
  };
  const fields = (who, overrides = {}) => ({
    aws_access_key_id: who.access_key_id, aws_secret_access_key: who.secret_access_key,
    ...(who.session_token ? { aws_session_token: who.session_token } : {}), aws_region: 'us-east-1', ...overrides,
  });
  return {
    fixture: { regions: ['us-east-1'], principals: [p.user, p.temp, p.busy] },
    valid: fields(p.user),
    // Every secret field filled: a presigned request carries the session token in its URL.
    allSecretFields: fields(p.temp),
    secrets: [p.user.secret_access_key, p.temp.secret_access_key, p.temp.session_token, p.busy.secret_access_key],
    cases: [
      { name: 'valid access key', fields: fields(p.user), status: 'valid', text: new RegExp(account) },
      { name: 'wrong secret key', fields: fields(p.user, { aws_secret_access_key: secret() }), status: 'invalid' },
      { name: 'unknown access key', fields: fields(p.user, { aws_access_key_id: keyId('AKIA') }), status: 'invalid' },
      { name: 'expired session', fields: fields(p.temp), status: 'expired' },
      { name: 'malformed key id', fields: fields(p.user, { aws_access_key_id: 'AKIA123' }), status: 'malformed' },
      { name: 'STS Throttling', fields: fields(p.busy), status: 'rate_limited' },
    ],
  };
}

export const PROVIDER_CASES = { huggingface, lambda, azure, gcp, aws };
