/**
 * Runs the real engine against FakeClerk and WXT's in-memory browser, on a fake local clock.
 * Alarms never fire by themselves in fakeBrowser: `runAlarmsUntil` fires the ones the engine
 * scheduled, in time order, the way Chrome would (one-shot alarms are removed, periodic ones move
 * on by their period).
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AppConfig } from '../../../lib/apps';
import { createEngine, type Engine, type EngineDeps } from '../../../lib/engine/engine';
import type { IdentityChoice } from '../../../lib/engine/identity';
import { chromePorts, type Ports } from '../../../lib/engine/ports';
import type { ScheduleConfig } from '../../../lib/engine/schedule';
import { appsItem, engineStateItem, historyItem, selectedAppIdItem, snapshotItem } from '../../../lib/storage';
import { T0, testApp } from './builders';
import { FakeClerk } from './fake-clerk';

export const SCHEDULE: ScheduleConfig = { minAlarmMs: 30_000, syncPeriodMs: 30_000, mintLeadMs: 5_000 };

export interface Harness {
  clock: { now: number };
  clerk: FakeClerk;
  engine: Engine;
  app: AppConfig;
  permission: { granted: boolean };
  identity: { choice: IdentityChoice | null };
  gatewayRequests: Array<{ appId: string; useSdk: boolean }>;
  notifications: Array<{ id: string; title: string; message: string }>;
  /** A new engine on the same browser state: the service worker was killed and woke up. */
  restart(): Engine;
  snapshot(appId?: string): ReturnType<ReturnType<typeof snapshotItem>['getValue']>;
  state(appId?: string): ReturnType<ReturnType<typeof engineStateItem>['getValue']>;
  history(appId?: string): ReturnType<ReturnType<typeof historyItem>['getValue']>;
  alarm(name: string): Promise<{ name: string; scheduledTime: number; periodInMinutes?: number } | undefined>;
  alarmNames(): Promise<string[]>;
  /** Fires due alarms in time order up to `end` (local ms), then sets the clock to `end`. */
  runAlarmsUntil(end: number, onFire?: (name: string) => void | Promise<void>): Promise<string[]>;
  advance(ms: number): void;
}

export async function setup(
  options: {
    apps?: AppConfig[];
    schedule?: ScheduleConfig;
    clerk?: (clerk: FakeClerk) => void;
    diagnose?: EngineDeps['diagnose'];
  } = {},
): Promise<Harness> {
  const clock = { now: T0 };
  const clerk = new FakeClerk(() => clock.now);
  options.clerk?.(clerk);
  const apps = options.apps ?? [testApp()];
  await appsItem.setValue(apps);
  await selectedAppIdItem.setValue(apps[0]?.id ?? null);
  const permission = { granted: true };
  /** What the cookie inspection reports (identity.ts is tested on its own). */
  const identity: Harness['identity'] = {
    choice: {
      cookie: { name: '__clerk_db_jwt_AbCd1234', value: 'dvb_x', domain: 'localhost' },
      suffixed: true,
      otherInstances: 0,
      partitionedOnly: false,
    },
  };
  const gatewayRequests: Harness['gatewayRequests'] = [];
  const notifications: Harness['notifications'] = [];
  const ports: Ports = {
    ...chromePorts,
    hasPermission: async () => permission.granted,
    notify: async (id, title, message) => {
      notifications.push({ id, title, message });
    },
  };
  const make = () =>
    createEngine({
      now: () => clock.now,
      schedule: options.schedule ?? SCHEDULE,
      ports,
      loadApps: () => appsItem.getValue(),
      gatewayFor: (app, _key, useSdk) => {
        gatewayRequests.push({ appId: app.id, useSdk });
        return clerk.gateway();
      },
      inspectIdentity: async () => identity.choice,
      diagnose: options.diagnose,
    });
  const h: Harness = {
    clock,
    clerk,
    engine: make(),
    app: apps[0] as AppConfig,
    permission,
    identity,
    gatewayRequests,
    notifications,
    restart() {
      h.engine = make();
      return h.engine;
    },
    snapshot: (appId = h.app.id) => snapshotItem(appId).getValue(),
    state: (appId = h.app.id) => engineStateItem(appId).getValue(),
    history: (appId = h.app.id) => historyItem(appId).getValue(),
    alarm: async (name) => (await fakeBrowser.alarms.get(name)) ?? undefined,
    alarmNames: async () => (await fakeBrowser.alarms.getAll()).map((a) => a.name).sort(),
    async runAlarmsUntil(end, onFire) {
      const fired: string[] = [];
      for (;;) {
        const due = (await fakeBrowser.alarms.getAll())
          .filter((a) => a.scheduledTime <= end)
          .sort((a, b) => a.scheduledTime - b.scheduledTime || a.name.localeCompare(b.name));
        const next = due[0];
        if (!next) break;
        clock.now = Math.max(clock.now, next.scheduledTime);
        if (next.periodInMinutes) {
          await fakeBrowser.alarms.create(next.name, {
            when: next.scheduledTime + next.periodInMinutes * 60_000,
            periodInMinutes: next.periodInMinutes,
          });
        } else {
          await fakeBrowser.alarms.clear(next.name);
        }
        fired.push(next.name);
        await onFire?.(next.name);
        await h.engine.onAlarm(next.name);
      }
      clock.now = Math.max(clock.now, end);
      return fired;
    },
    advance(ms) {
      clock.now += ms;
    },
  };
  return h;
}
