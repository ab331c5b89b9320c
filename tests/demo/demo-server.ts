/**
 * Serves the demo web app on http://localhost:<port>: the HTML with its publishable key, and
 * clerk-js plus the app bundled by esbuild from node_modules at start (nothing remote).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { build } from 'esbuild';

export interface DemoServer {
  port: number;
  origin: string;
  close(): Promise<void>;
}

let bundled: Promise<string> | null = null;

function bundle(): Promise<string> {
  bundled ??= build({
    entryPoints: [resolve(import.meta.dirname, 'app/main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return bundled;
}

export async function startDemoServer(options: { publishableKey: string; port?: number }): Promise<DemoServer> {
  const script = await bundle();
  const html = readFileSync(resolve(import.meta.dirname, 'app/index.html'), 'utf8').replace(
    '__DEMO_CONFIG__',
    JSON.stringify({ publishableKey: options.publishableKey }),
  );
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      res.end(script);
    } else if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://localhost:${port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
