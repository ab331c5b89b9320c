/**
 * `npm run emulator [-- --port 8443 --name inspector-emu --password …]`: starts the FAPI emulator,
 * seeds a demo user in both instances and prints what to paste where. Stops on Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    name: { type: 'string', default: 'inspector-emu' },
    email: { type: 'string', default: 'demo@example.com' },
    password: { type: 'string', default: 'inspector-demo-password' },
  },
});

const emulator = await startEmulator({ port: Number(values.port), name: values.name });
for (const instance of ['development', 'production'] as const) {
  await emulator.control.createUser(
    { email: values.email, password: values.password, firstName: 'Demo', lastName: 'User' },
    instance,
  );
}
const rules = Object.entries(emulator.resolverHosts())
  .map(([host, port]) => `MAP ${host} 127.0.0.1:${port}`)
  .join(', ');

console.log(`Clerk FAPI emulator listening on 127.0.0.1:${emulator.port} (HTTPS, self-signed certificate made at start)

  development  https://${emulator.hosts.development}
               publishable key ${emulator.publishableKeys.development}
  production   https://${emulator.hosts.production}
               publishable key ${emulator.publishableKeys.production}

  demo user    ${values.email} / ${values.password}   (both instances)
  control API  ${emulator.url}/__emulator   (e.g. GET ${emulator.url}/__emulator/sessions)

Chromium must map the hosts to loopback and accept the certificate, e.g.:
  chromium --ignore-certificate-errors '--host-resolver-rules=${rules}, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'

Ctrl-C stops it.`);

const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
