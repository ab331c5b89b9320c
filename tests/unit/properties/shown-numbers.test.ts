/**
 * Property tests (fast-check): whatever times a stored snapshot holds, the words the popup
 * formats from them never read NaN, Infinity or an exponent, and the status word is defined.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatBadge,
  formatClockOffset,
  formatDuration,
  formatRelative,
  formatSecondsSetting,
} from '../../../lib/format';
import { healthStatus, sessionNumbers, sessionStatusWord } from '../../../lib/session-math';
import { fixtureSnapshot } from '../components/fixtures';

const RUNS = { numRuns: 200 };
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const BAD = /NaN|Infinity|e\+\d|undefined/;
const anyNumber = fc.oneof(
  fc.double(),
  fc.integer({ min: NOW - 1e10, max: NOW + 1e10 }),
  fc.constantFrom(0, -1, 1e300, -1e300, Number.NaN),
);

describe('formatting any number', () => {
  it('never prints NaN, Infinity or an exponent', () => {
    fc.assert(
      fc.property(anyNumber, (ms) => {
        for (const text of [
          formatDuration(ms),
          formatBadge(ms),
          formatRelative(ms),
          formatAgo(ms),
          formatSecondsSetting(ms),
          formatClockOffset(ms) ?? '',
        ]) {
          expect(text).not.toMatch(BAD);
        }
      }),
      RUNS,
    );
  });
});

describe('numbers and words from a snapshot with any times', () => {
  it('a status for every snapshot, and every shown duration is clean', () => {
    fc.assert(
      fc.property(
        anyNumber,
        anyNumber,
        anyNumber,
        anyNumber,
        anyNumber,
        (createdAt, lastActiveAt, expireAt, abandonAt, clockOffsetMs) => {
          const base = fixtureSnapshot(NOW);
          const [current] = base.sessions;
          if (!current) return;
          const snapshot = { ...base, clockOffsetMs, sessions: [{ ...current, createdAt, lastActiveAt, expireAt, abandonAt }] };
          const numbers = sessionNumbers(snapshot, NOW);
          expect(['healthy', 'warning', 'expiring', 'expired', 'signed-out', 'error']).toContain(
            healthStatus(snapshot, { warningSeconds: 600, criticalSeconds: 120 }, NOW),
          );
          if (numbers.session) expect(sessionStatusWord(numbers.session, numbers).word.length).toBeGreaterThan(0);
          for (const ms of [numbers.effectiveEnd.leftMs, numbers.inactivity.leftMs, numbers.sessionAgeMs, numbers.token.leftMs]) {
            if (ms !== null) expect(formatRelative(ms)).not.toMatch(BAD);
          }
        },
      ),
      RUNS,
    );
  });
});
