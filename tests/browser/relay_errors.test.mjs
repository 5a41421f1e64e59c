// A relay's own refusal and a relay timeout, in the page: the card says what the relay did and
// blames neither the credential nor the provider. The relay is the product's own
// (`credprobe relay`); Azure's token endpoint refuses browsers, so the page always routes it
// through the relay. Nothing here waits on a clock: each check ends with its card.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readRegistry } from '../../web/scripts/registry.mjs';
import { startStaticServer } from '../../web/scripts/serve.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { startEmulator } from './lib/emulator.mjs';
import { fillFields, openPage, screenshot, selectProvider, setEndpoints, setSettings, validate } from './lib/page.mjs';
import { startCredprobeRelay } from './lib/servers.mjs';
import { PROVIDER_CASES } from './cases.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = process.env.CREDPROBE_WEB_DIST ?? path.join(root, 'web/dist');
const registry = await readRegistry(dist);
const azure = PROVIDER_CASES.azure();
// What a card that blamed the credential or the provider would say.
const BLAME = /invalid|expired|status page|Entra ID answered|answered 50\d|secret is wrong|credential is/i;

let emulator, web, relay, browser;

before(async () => {
  emulator = await startEmulator({ azure: azure.fixture });
  web = await startStaticServer({ dir: dist });
  // A short relay timeout and a longer page timeout: the relay gives up first.
  relay = await startCredprobeRelay(process.env.CREDPROBE_BIN, { origin: web.url, insecureHosts: [emulator.url], timeoutSeconds: 1 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await Promise.all([web?.server.close(), relay?.stop(), emulator?.stop()]);
});

async function azurePage(endpoint) {
  const { page } = await openPage(browser.context, web.url);
  await selectProvider(page, 'azure');
  await setSettings(page, { relay: relay.url, timeout: 10 });
  const spec = registry.providers.find((p) => p.id === 'azure');
  await setEndpoints(page, 'azure', Object.fromEntries(spec.endpoints.map((e) => [e.name, endpoint])));
  await fillFields(page, 'azure', azure.valid);
  return page;
}

test('the relay refusing the host: blocked, "the relay refused: host_not_allowed"', async () => {
  const page = await azurePage('https://not-a-provider.example');
  const result = await validate(page, 'azure');
  await screenshot(page, 'relay-refused');
  assert.equal(result.status, 'blocked', result.text);
  assert.match(result.text, /the relay refused: host_not_allowed/);
  assert.match(result.text, /the credential was not checked/);
  assert.doesNotMatch(result.text, BLAME);
  assert.ok(relay.seen.some((line) => / -> 403 /.test(line)), 'the relay itself refused');
  await page.close();
});

test('the relay timing out: unreachable, "the relay timed out waiting for" the host', async () => {
  await emulator.armFault(`/${azure.valid.azure_tenant_id}/oauth2/v2.0/token`, 'hang', { max_ms: 5000 });
  const page = await azurePage(emulator.url);
  const result = await validate(page, 'azure');
  await screenshot(page, 'relay-timeout');
  assert.equal(result.status, 'unreachable', result.text);
  assert.match(result.text, new RegExp(`the relay timed out waiting for ${new URL(emulator.url).host.replace(/\./g, '\\.')}`));
  assert.match(result.text, /the credential was not checked/);
  assert.doesNotMatch(result.text, BLAME);
  await emulator.clearFaults();
  await page.close();
});
