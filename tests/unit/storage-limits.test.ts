import { describe, expect, it } from 'vitest';
import { errorFromResponse, FapiError } from '../../lib/engine/fapi-errors';
import { capText, HISTORY_MAX_BYTES, MAX_ERROR_MESSAGE_CHARS } from '../../lib/limits';
import type { RefreshAttempt } from '../../lib/snapshot';
import { appendHistory, HISTORY_LIMIT, historyItem } from '../../lib/storage';
import { T0 } from './engine/builders';

const attempt = (i: number, error?: string): RefreshAttempt => ({
  at: T0 + i * 1000,
  appId: 'app-dev',
  mode: 'observe',
  trigger: 'alarm',
  outcome: error ? 'error' : 'ok',
  latencyMs: 12,
  minted: false,
  error,
});

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

describe('appendHistory is bounded by count and by bytes', () => {
  it('100 attempts with a 100 KB error message each stay far below storage.local’s 10 MB', async () => {
    const huge = 'Clerk said: '.padEnd(100_000, 'x');
    for (let i = 0; i < 100; i++) await appendHistory('app-dev', attempt(i, huge));
    const list = await historyItem('app-dev').getValue();
    expect(bytes(list)).toBeLessThanOrEqual(HISTORY_MAX_BYTES);
    expect(bytes(list)).toBeLessThan(10 * 1024 * 1024 * 0.05);
    for (const entry of list) expect(entry.error?.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS);
    // The newest survive, in order, with the start of their message.
    expect(list.at(-1)?.at).toBe(T0 + 99_000);
    expect(list.at(-1)?.error?.startsWith('Clerk said: xxx')).toBe(true);
    expect(list.map((a) => a.at)).toEqual([...list.map((a) => a.at)].sort((a, b) => a - b));
  });

  it('short entries keep the count limit', async () => {
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) await appendHistory('app-dev', attempt(i));
    const list = await historyItem('app-dev').getValue();
    expect(list).toHaveLength(HISTORY_LIMIT);
    expect(list[0]?.at).toBe(T0 + 20_000);
  });

  it('an oversized history written by an older version is trimmed on the next append', async () => {
    await historyItem('app-dev').setValue(Array.from({ length: 50 }, (_, i) => attempt(i, 'y'.repeat(200_000))));
    await appendHistory('app-dev', attempt(50));
    const list = await historyItem('app-dev').getValue();
    expect(bytes(list)).toBeLessThanOrEqual(HISTORY_MAX_BYTES);
    expect(list.at(-1)?.at).toBe(T0 + 50_000);
  });
});

describe('error messages are capped where they are made', () => {
  it('a FapiError never carries more than the cap', () => {
    const e = new FapiError('http', 'z'.repeat(100_000), 500);
    expect(e.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS);
    expect(e.message.endsWith('…')).toBe(true);
  });

  it('a 100 KB long_message from Clerk keeps the status and stays under the cap', () => {
    const e = errorFromResponse(503, { errors: [{ code: 'c', long_message: 'w'.repeat(100_000) }] }, null, T0);
    expect(e.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS);
    expect(e.message).toMatch(/server error \(503\)/);
  });

  it.each([
    ['short text', 'abc', 10, 'abc'],
    ['exactly the cap', 'abcde', 5, 'abcde'],
    ['over the cap', 'abcdef', 5, 'abcd…'],
    // A surrogate pair is never cut in half.
    ['an emoji at the cut', 'abc😀def', 5, 'abc…'],
  ])('capText: %s', (_, text, max, expected) => {
    expect(capText(text, max)).toBe(expected);
  });
});
