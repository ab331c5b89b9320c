import { describe, expect, it } from 'vitest';
import { decodeJwt, tokenPreview } from '../../lib/jwt';
import { makeJwt } from './engine/builders';

describe('decodeJwt', () => {
  it('decodes base64url header and claims, including non-ASCII', () => {
    const token = makeJwt({ sub: 'user_1', name: 'Zoë ✓', n: 1 }, { alg: 'RS256', typ: 'JWT' });
    expect(decodeJwt(token)).toEqual({ header: { alg: 'RS256', typ: 'JWT' }, claims: { sub: 'user_1', name: 'Zoë ✓', n: 1 } });
  });
  it.each([
    ['two parts', 'a.b'],
    ['four parts', 'a.b.c.d'],
    ['empty header', '.e30.sig'],
    ['not base64 JSON', 'zzz.yyy.xxx'],
    ['a JSON array claim set', `${btoa('{}')}.${btoa('[1]')}.s`],
  ])('%s → null', (_, token) => {
    expect(decodeJwt(token)).toBeNull();
  });
});

describe('tokenPreview', () => {
  it('shows only the first 10 and last 4 characters', () => {
    const token = makeJwt({ sub: 'x'.repeat(50) });
    expect(tokenPreview(token)).toBe(`${token.slice(0, 10)}…${token.slice(-4)}`);
    expect(tokenPreview('short')).toBe('…');
  });
});
