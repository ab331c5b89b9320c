/** Small builders for the in-memory browser's events, so tests state only what matters. */
import type { Browser } from 'wxt/browser';

export function alarm(name: string, scheduledTime = Date.now()): Browser.alarms.Alarm {
  return { name, scheduledTime, persistAcrossSessions: false } as Browser.alarms.Alarm;
}
