// Writes demo-config.json for the page's demo mode (`?demo`): the emulator's URL, the demo
// relay, and each provider's demo credentials taken from the emulator's demo fixture.
//   node web/scripts/demo-config.mjs --fixtures F --emulator URL [--relay URL] --out FILE
// Credentials come from the fixture's top-level "demo_fields" ({provider: {field: value}})
// when it has one; otherwise from the first plain (not revoked, no fault) credential of the
// fixture sections below. Every value in the demo fixture is fake and accepted only by the
// emulator.
import { readFile, writeFile } from 'node:fs/promises';

const plain = (entry) => entry && !entry.revoked && !entry.fault && !entry.secret_expired && !entry.account_inactive;

// Demo data, per fixture section: how a fixture entry maps to the provider's form fields.
const FROM_FIXTURE = {
  huggingface: (f) => {
    const t = (f.tokens ?? []).find(plain);
    return t ? { hf_token: t.token } : {};
  },
  lambda: (f) => {
    const k = (f.keys ?? []).find(plain);
    return k ? { lambda_api_key: k.key } : {};
  },
  azure: (f) => {
    const p = (f.principals ?? []).find(plain);
    return p ? { azure_tenant_id: p.tenant, azure_client_id: p.client_id, azure_client_secret: p.secret } : {};
  },
};

export function demoFields(fixtures) {
  const out = {};
  for (const [provider, extract] of Object.entries(FROM_FIXTURE)) {
    if (fixtures[provider]) out[provider] = extract(fixtures[provider]);
  }
  for (const [provider, fields] of Object.entries(fixtures.demo_fields ?? {})) out[provider] = fields;
  return out;
}

export async function writeDemoConfig({ fixturesFile, emulator, relay, out }) {
  const fixtures = JSON.parse(await readFile(fixturesFile, 'utf8'));
  const providers = Object.fromEntries(Object.entries(demoFields(fixtures)).map(([id, fields]) => [id, { fields }]));
  const config = {
    label: 'DEMO: every request goes to the local provider emulator with fake demo credentials. Nothing here touches a real account.',
    emulator,
    ...(relay ? { relay } : {}),
    providers,
  };
  await writeFile(out, `${JSON.stringify(config, null, 2)}\n`);
  return config;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  await writeDemoConfig({ fixturesFile: option('--fixtures'), emulator: option('--emulator'), relay: option('--relay'), out: option('--out') });
}
