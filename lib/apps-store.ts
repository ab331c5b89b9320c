/**
 * Reading the configured apps (in the worker), seeding the build-time default app once. What
 * validation dropped (a secret key, a broken entry) is also erased from disk here.
 */
import { type AppConfig, makeAppConfig } from './apps';
import { validateStoredApps } from './apps-validate';
import { type BuildEnv, defaultAppFromEnv } from './build-defaults';
import { appsItem, defaultsSeededItem } from './storage';

export async function loadApps(env: BuildEnv): Promise<AppConfig[]> {
  const raw = await appsItem.getRawValue();
  const apps = validateStoredApps(raw);
  if (raw !== undefined && JSON.stringify(raw) !== JSON.stringify(apps)) await appsItem.setValue(apps);
  if (await defaultsSeededItem.getValue()) return apps;
  const defaults = defaultAppFromEnv(env);
  await defaultsSeededItem.setValue(true);
  if (!defaults || apps.some((a) => a.publishableKey === defaults.publishableKey)) return apps;
  const seeded = [...apps, makeAppConfig({ ...defaults, id: 'app-default' })];
  await appsItem.setValue(seeded);
  return seeded;
}
