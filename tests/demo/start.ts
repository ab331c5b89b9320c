/**
 * `npm start`: the whole product on one machine, no Clerk account needed. Builds the extension
 * preconfigured for the demo app, starts the Clerk FAPI emulator and the demo web app (real
 * clerk-js), and opens Chromium with the extension loaded. Without a display it runs headless,
 * signs in for you, saves screenshots of the popup and exits.
 *
 *   npm start                    a window if there is a display, else headless screenshots
 *   npm start -- --headless      force headless
 *   CHROME_PATH=/path/to/chrome  another browser; Google Chrome 137+ is loaded over CDP
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { allowedOriginsCommand } from '../../lib/doctor/refusals';
import { buildVariant } from '../e2e/builds';
import { chromiumArgs, findChromium, launchWithExtension } from '../e2e/harness';
import { startEmulator } from '../emulator/server';
import { launchPipedChrome, loadUnpacked } from './chrome-pipe';
import { startDemoServer } from './demo-server';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    port: { type: 'string', default: '5317' },
  },
});

const USER = { email: 'demo@example.com', password: 'inspector-demo-password', firstName: 'Demo', lastName: 'User' };
const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/demo');

const emulator = await startEmulator();
const demoUser = await emulator.control.createUser(USER);
// Two organizations to switch between in the demo app (its organization switcher calls clerk-js
// setActive({ organization })); the popup names the active one and its role.
for (const [name, role, permissions] of [
  ['Acme', 'org:admin', ['org:invoices:read', 'org:invoices:create', 'org:members:manage']],
  ['Globex', 'org:member', ['org:invoices:read']],
] as const) {
  const org = await emulator.control.createOrganization({ name });
  await emulator.control.addMembership(org.id, { userId: demoUser.id, role, permissions: [...permissions] });
}
// A 15-minute inactivity timeout, so the popup has a window to show (and infer).
await emulator.control.setSettings({ inactivityTimeoutMs: 15 * 60_000 });
// The demo app's server side runs Clerk's authenticateRequest (tests/demo/backend.ts), so its
// handshakes are real and show in the DevTools "Clerk" panel.
const backend = { publishableKey: emulator.publishableKeys.development, jwks: () => emulator.jwks };
const demo = await startDemoServer({
  publishableKey: emulator.publishableKeys.development,
  port: Number(values.port),
  backend,
}).catch(() => startDemoServer({ publishableKey: emulator.publishableKeys.development, backend }));
process.stdout.write('Building the extension for the demo… ');
const extensionDir = buildVariant('demo', {
  WXT_CLERK_PUBLISHABLE_KEY: emulator.publishableKeys.development,
  WXT_CLERK_SYNC_HOST: demo.origin,
  WXT_CLERK_APP_LABEL: 'Demo app',
  WXT_SYNC_PERIOD_SECONDS: '10',
});
console.log('done.');

const executable = findChromium();
const version = execFileSync(executable, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
const headless = values.headless || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);

/**
 * The emulator starts as a fresh Clerk instance: the extension's origin is not allowed, so its
 * mints and sign-outs would be refused (origin_invalid). A developer's first step on a real
 * instance is the Backend API call the doctor shows; the demo makes the emulator's equivalent
 * (`PATCH /__emulator/v1/instance`) and says so.
 */
async function setUpInstance(extensionId: string): Promise<void> {
  await emulator.control.updateInstance({ allowed_origins: [`chrome-extension://${extensionId}`] });
  console.log(`First-run step (a fresh Clerk instance refuses the extension's POSTs until its origin is allowed):
  on a real instance you run, with your own secret key in your shell:
${allowedOriginsCommand(extensionId)
  .split('\n')
  .map((line) => `    ${line}`)
  .join('\n')}
  done here on the emulator: PATCH ${emulator.url}/__emulator/v1/instance -> 204, allowed_origins = [chrome-extension://${extensionId}]
`);
}

async function shutdown(code = 0): Promise<never> {
  await demo.close();
  await emulator.close();
  process.exit(code);
}

console.log(`
Clerk Session Inspector demo
  demo app      ${demo.origin}   (the sync host; real clerk-js)
  Clerk (emu)   https://${emulator.hosts.development} -> 127.0.0.1:${emulator.port}
  control API   ${emulator.url}/__emulator/sessions
  sign in with  ${USER.email} / ${USER.password}
  browser       ${version}${headless ? ' (headless: no display)' : ''}
`);

const googleChrome = /Google Chrome (\d+)/.exec(version);
if (googleChrome && Number(googleChrome[1]) >= 137 && !headless) {
  // Chrome 137+ ignores --load-extension: load it over the DevTools pipe instead.
  const chrome = launchPipedChrome(executable, [
    `--user-data-dir=${mkdtempSync(join(tmpdir(), 'csi-demo-'))}`,
    ...chromiumArgs(emulator.resolverHosts()),
    demo.origin,
  ]);
  const id = await loadUnpacked(chrome, extensionDir);
  await setUpInstance(id);
  console.log(`Loaded the extension (${id}) over CDP. Sign in on the demo app, then click the toolbar icon.`);
  chrome.process.on('exit', () => void shutdown());
  process.on('SIGINT', () => chrome.close());
} else if (headless) {
  const browser = await launchWithExtension({ extensionDir, hosts: emulator.resolverHosts(), headless: true });
  await setUpInstance(browser.extensionId);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const page = await browser.context.newPage();
  await page.goto(demo.origin);
  await page.getByLabel('Email').fill(USER.email);
  await page.getByLabel('Password').fill(USER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as ${USER.email}`).waitFor({ timeout: 15_000 });
  await page.screenshot({ path: join(SCREENSHOTS, 'demo-app.png') });
  for (const scheme of ['light', 'dark'] as const) {
    const popup = await browser.openPopup();
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.setViewportSize({ width: 420, height: 600 });
    await popup.getByText(USER.email).first().waitFor({ timeout: 15_000 });
    await popup.screenshot({ path: join(SCREENSHOTS, `popup-${scheme}.png`), fullPage: true });
  }
  console.log(
    `No display: signed in headless and saved screenshots to ${SCREENSHOTS}/ (demo-app.png, popup-light.png, popup-dark.png).`,
  );
  await browser.close();
  await shutdown();
} else {
  const browser = await launchWithExtension({ extensionDir, hosts: emulator.resolverHosts(), headless: false });
  await setUpInstance(browser.extensionId);
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(demo.origin);
  await browser.openPopup();
  console.log(`Chromium is open with the extension (id ${browser.extensionId}) and two tabs:
  1. the demo app: sign in with the credentials above;
  2. the popup as a page (or click the toolbar icon; pin it from the puzzle-piece menu).
Try: Observe vs Keep-alive, "Refresh now", a second account, "Sign out of all sessions".
Close the browser or press Ctrl-C to stop.`);
  browser.context.on('close', () => void shutdown());
  process.on('SIGINT', () => void browser.close());
}
