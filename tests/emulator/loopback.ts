/**
 * Loopback plumbing for the emulator: its in-memory self-signed certificate, and the undici
 * dispatcher behind `emulator.fetch` that connects emulated hosts (and localhost) to 127.0.0.1 and
 * refuses every other host, so Node code under test never makes a real DNS lookup.
 */
import net from 'node:net';
import tls from 'node:tls';
import selfsigned from 'selfsigned';
import { Agent } from 'undici';

/** A self-signed certificate (its own CA) for these hosts, made in memory; browsers under test ignore its issuer. */
export async function makeCertificate(hosts: string[]): Promise<{ key: string; cert: string }> {
  const notAfter = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'Clerk FAPI emulator (test only)' }], {
    keySize: 2048,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...hosts.map((value) => ({ type: 2 as const, value })),
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * An undici Agent that sends the emulated hosts to the emulator's port and localhost/127.0.0.1 to
 * the port in the URL, trusting only the emulator's certificate; any other host fails.
 */
export function loopbackDispatcher(emulatedHosts: ReadonlySet<string>, port: number, caCertPem: string): Agent {
  return new Agent({
    connect(opts, callback) {
      const hostname = opts.hostname.toLowerCase();
      const loopback = hostname === 'localhost' || hostname === '127.0.0.1';
      if (!emulatedHosts.has(hostname) && !loopback) {
        callback(new Error(`emulator fetch: ${hostname} is not an emulated host (no real DNS lookups)`), null);
        return;
      }
      if (opts.protocol === 'http:') {
        if (!loopback) {
          callback(new Error('emulator fetch: the emulator speaks https only'), null);
          return;
        }
        const socket = net.connect({ host: '127.0.0.1', port: Number(opts.port) || 80 });
        socket.once('connect', () => callback(null, socket));
        socket.once('error', (e) => callback(e, null));
        return;
      }
      const targetPort = emulatedHosts.has(hostname) ? port : Number(opts.port) || 443;
      const socket = tls.connect({
        host: '127.0.0.1',
        port: targetPort,
        servername: hostname === '127.0.0.1' ? undefined : hostname,
        ca: caCertPem,
        ALPNProtocols: ['http/1.1'],
        checkServerIdentity: (_host, cert) => tls.checkServerIdentity(hostname, cert),
      });
      socket.once('secureConnect', () => callback(null, socket));
      socket.once('error', (e) => callback(e, null));
    },
  });
}
