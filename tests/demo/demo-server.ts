/**
 * The demo web app on http://localhost:<port>: the emulator's Clerk page (real clerk-js, bundled
 * from node_modules, nothing remote) with the demo's markup and script on top.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ClerkPage, serveClerkPage } from '../emulator/clerk-page.ts';
import { type DemoBackendOptions, demoBackend } from './backend.ts';

const app = (file: string) => resolve(import.meta.dirname, 'app', file);

/**
 * `backend`: give the app a server side running Clerk's `authenticateRequest` (tests/demo/backend.ts);
 * without it the pages are static, as before.
 */
export function startDemoServer(options: {
  publishableKey: string;
  port?: number;
  secureHost?: string;
  backend?: DemoBackendOptions;
}): Promise<ClerkPage> {
  return serveClerkPage({
    publishableKey: options.publishableKey,
    port: options.port,
    secureHost: options.secureHost,
    title: 'Demo app (Clerk emulator)',
    headHtml: `<meta name="color-scheme" content="light dark"><style>${readFileSync(app('style.css'), 'utf8')}</style>`,
    bodyHtml: readFileSync(app('body.html'), 'utf8'),
    entry: app('main.ts'),
    serverSide: options.backend ? demoBackend(options.backend) : undefined,
  });
}
