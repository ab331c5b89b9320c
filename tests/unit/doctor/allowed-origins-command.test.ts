// @vitest-environment node
/**
 * Issue 19, item 8: the doctor's `curl` must keep the instance's other allowed origins (the
 * Backend API's PATCH /v1/instance replaces the whole list) and keep the secret key out of curl's
 * argument list (where `ps` and /proc show it to every user of the machine). The command is run
 * here for real, with bash, curl and jq, against a local stand-in for the Backend API.
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { allowedOriginsCommand } from '../../../lib/doctor/refusals';

const ID = 'ncdmolkcfabcdhgnpbmjeaimankepeja';
const SECRET = 'sk_test_NotARealKeyJustForThisTest';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let close: (() => void) | null = null;
afterEach(() => close?.());

async function backendApi(allowed: string[] | null): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.headers.authorization !== `Bearer ${SECRET}`) return res.writeHead(401).end('{}');
      if (req.method === 'GET') {
        return res
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ object: 'instance', allowed_origins: allowed }));
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  close = () => server.close();
  const address = server.address();
  return { base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, seen };
}

function run(command: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      'bash',
      ['-c', command],
      { env: { PATH: process.env.PATH, CLERK_SECRET_KEY: SECRET }, timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    ),
  );
}

describe('the allowed_origins command', { timeout: 60_000 }, () => {
  it('reads the current list, adds the extension’s origin, PATCHes the merged list', async () => {
    const api = await backendApi(['capacitor://localhost', 'chrome-extension://otherextensionid']);
    await run(allowedOriginsCommand(ID, api.base));
    expect(api.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/instance', 'PATCH /v1/instance']);
    expect(JSON.parse(api.seen[1]?.body ?? '')).toEqual({
      allowed_origins: ['capacitor://localhost', `chrome-extension://${ID}`, 'chrome-extension://otherextensionid'],
    });
  });

  it('an instance with no list yet, or with the origin already in it: one entry, no duplicate', async () => {
    const empty = await backendApi(null);
    await run(allowedOriginsCommand(ID, empty.base));
    expect(JSON.parse(empty.seen[1]?.body ?? '')).toEqual({ allowed_origins: [`chrome-extension://${ID}`] });
    close?.();
    const already = await backendApi([`chrome-extension://${ID}`]);
    await run(allowedOriginsCommand(ID, already.base));
    expect(JSON.parse(already.seen[1]?.body ?? '')).toEqual({ allowed_origins: [`chrome-extension://${ID}`] });
  });

  it('a refused read PATCHes nothing (the list is never replaced by a guess)', async () => {
    const api = await backendApi(['capacitor://localhost']);
    await expect(run(allowedOriginsCommand(ID, api.base).replaceAll('$CLERK_SECRET_KEY', 'sk_test_wrong'))).rejects.toThrow();
    expect(api.seen.map((r) => r.method)).toEqual(['GET']);
  });

  it('the secret key is never an argument of curl (or of any program the shell starts)', () => {
    const command = allowedOriginsCommand(ID);
    expect(command).toContain('https://api.clerk.com/v1/instance');
    expect(command).not.toMatch(/sk_(test|live)_/);
    // The key is expanded once, by printf (a shell builtin, not a process), into a private file.
    const uses = command.split('\n').filter((line) => line.includes('CLERK_SECRET_KEY'));
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatch(/^\s*printf /);
    expect(uses[0]).not.toContain('curl');
  });
});
