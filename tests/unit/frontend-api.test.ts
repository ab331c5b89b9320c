/**
 * The Frontend API of satellite and proxied apps, as clerk-js 6.40 builds it (lib/frontend-api.ts).
 */
import { describe, expect, it } from 'vitest';
import { frontendApiFor, parseDomain, parseProxyUrl } from '../../lib/frontend-api';

const prod = { instanceType: 'production' as const, fapiHost: 'clerk.example.com' };
const dev = { instanceType: 'development' as const, fapiHost: 'happy-otter-42.clerk.accounts.dev' };

describe('frontendApiFor', () => {
  it('plain apps: the key’s host', () => {
    expect(frontendApiFor(prod)).toMatchObject({
      base: 'https://clerk.example.com',
      host: 'clerk.example.com',
      query: {},
      custom: false,
    });
    expect(frontendApiFor(dev)).toMatchObject({ base: `https://${dev.fapiHost}`, custom: false });
  });
  it('a production satellite: clerk.<domain>, never clerk.clerk.<domain>', () => {
    for (const domain of ['satellite.dev', 'clerk.satellite.dev', 'Satellite.dev'])
      expect(frontendApiFor(prod, { domain, isSatellite: true })).toMatchObject({
        base: 'https://clerk.satellite.dev',
        host: 'clerk.satellite.dev',
        keyHost: 'clerk.example.com',
        custom: true,
      });
  });
  it('a development satellite: the key’s host with __domain', () => {
    expect(frontendApiFor(dev, { domain: 'localhost-sat.test', isSatellite: true })).toMatchObject({
      base: `https://${dev.fapiHost}`,
      query: { __domain: 'localhost-sat.test' },
      custom: true,
    });
  });
  it('a proxy URL wins: its origin and path, the proxy host for the cookie', () => {
    expect(frontendApiFor(prod, { proxyUrl: 'https://app.example.com/__clerk/', domain: 'x.dev' })).toMatchObject({
      base: 'https://app.example.com/__clerk',
      host: 'app.example.com',
      custom: true,
    });
  });
  it('refuses what is not a host or an https URL', () => {
    expect(parseDomain('https://x.dev')).toBeNull();
    expect(parseDomain('localhost')).toBeNull();
    expect(parseProxyUrl('http://app.example.com/__clerk')).toBeNull();
    expect(parseProxyUrl('/__clerk')).toBeNull();
    expect(parseProxyUrl('https://app.example.com/__clerk?x=1')).toBeNull();
    expect(frontendApiFor(prod, { proxyUrl: 'javascript:alert(1)' }).custom).toBe(false);
  });
  it('never an IP address or localhost: the worker would send the app’s identity there', () => {
    expect(parseDomain('169.254.169.254')).toBeNull();
    expect(parseDomain('2852039166')).toBeNull();
    expect(parseProxyUrl('https://169.254.169.254/__clerk')).toBeNull();
    expect(parseProxyUrl('https://127.1/__clerk')).toBeNull();
    expect(parseProxyUrl('https://app.localhost/__clerk')).toBeNull();
    expect(frontendApiFor(prod, { domain: '169.254.169.254', isSatellite: true }).host).toBe(prod.fapiHost);
    expect(parseProxyUrl('https://app.example.com/__clerk/')).toBe('https://app.example.com/__clerk');
  });
});
