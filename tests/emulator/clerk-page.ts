/**
 * `serveClerkPage()`: a minimal web app on `http://localhost:<port>` that runs the real clerk-js
 * (`@clerk/clerk-js/no-rhc`, bundled with esbuild at first use, in memory) against a publishable
 * key, and exposes the instance as `window.Clerk` (like Clerk's browser bundle; its script tag
 * carries `data-clerk-publishable-key` like Clerk's script loader writes it) and, once loaded, as
 * `window.clerk`. Used by the emulator's real-SDK tests
 * and by the demo web app.
 */
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { makeCertificate } from './server.ts';

export interface ClerkPageOptions {
  publishableKey: string;
  /** Port on localhost; 0 (default) picks a free one. */
  port?: number;
  title?: string;
  /** Extra HTML for the body (the demo's markup). */
  bodyHtml?: string;
  /** Extra HTML for the head (styles). */
  headHtml?: string;
  /**
   * The page script; default: the bare page (`window.clerk`). An app's own entry imports
   * `clerkReady` from page/clerk-page-entry.ts (the demo app does).
   */
  entry?: string;
  /**
   * Serve over HTTPS as `https://<secureHost>` (browsers map the host to the returned port).
   * A production instance needs this: its `__client` cookie lives on the FAPI domain and is only
   * first-party for an app on the same site (e.g. app.inspector-emu.test next to clerk.inspector-emu.test).
   */
  secureHost?: string;
  /**
   * The app's server side, asked before each page is served (tests/demo/backend.ts: Clerk's
   * `authenticateRequest`): a redirect to send instead, and headers for the answer.
   */
  serverSide?: (
    req: import('node:http').IncomingMessage,
    origin: string,
  ) => Promise<{ redirect: string | null; headers: Array<[string, string]> }>;
}

export interface ClerkPage {
  /** `http://localhost:<port>/` */
  url: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

const ENTRY = resolve(import.meta.dirname, 'page/clerk-page-entry.ts');
const bundles = new Map<string, Promise<string>>();

/** The page script (clerk-js and the entry), built once per process and entry. */
export function clerkPageBundle(entry = ENTRY): Promise<string> {
  const cached = bundles.get(entry);
  if (cached) return cached;
  const bundle = build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  bundles.set(entry, bundle);
  return bundle;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function serveClerkPage(options: ClerkPageOptions): Promise<ClerkPage> {
  const script = await clerkPageBundle(options.entry);
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(options.title ?? 'Clerk test page')}</title>
<script>window.__clerkPublishableKey = ${JSON.stringify(options.publishableKey)};</script>
<script type="module" src="/clerk-page.js" data-clerk-publishable-key="${escapeHtml(options.publishableKey)}"></script>${options.headHtml ?? ''}</head>
<body data-clerk-status="loading">${options.bodyHtml ?? ''}</body></html>`;
  let origin = '';
  const handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/clerk-page.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(script);
    } else if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (options.serverSide) {
      options.serverSide(req, origin).then(
        ({ redirect, headers }) => {
          const list: Array<[string, string]> = [...headers, ['Cache-Control', 'no-store']];
          if (redirect) res.writeHead(307, [...list, ['Location', redirect]].flat()).end();
          else res.writeHead(200, [...list, ['Content-Type', 'text/html; charset=utf-8']].flat()).end(html);
        },
        // Clerk's backend throws on a handshake it refuses (a dev handshake signed by another key).
        (error: unknown) => {
          res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
          res.end(`The app's server failed: ${error instanceof Error ? error.message : String(error)}`);
        },
      );
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html);
    }
  };
  const server = options.secureHost
    ? createTlsServer(await makeCertificate([options.secureHost]), handler)
    : createServer(handler);
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  origin = options.secureHost ? `https://${options.secureHost}` : `http://localhost:${port}`;
  return {
    url: `${origin}/`,
    origin,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
