/**
 * Reading the configured apps, seeding the build-time default app once.
 */
import { type AppConfig, makeAppConfig } from './apps';
import { type BuildEnv, defaultAppFromEnv } from './build-defaults';
import { appsItem, defaultsSeededItem } from './storage';

export async function loadApps(env: BuildEnv): Promise<AppConfig[]> {
  const apps = await appsItem.getValue();
  if (await defaultsSeededItem.getValue()) return apps;
  const defaults = defaultAppFromEnv(env);
  await defaultsSeededItem.setValue(true);
  if (!defaults || apps.some((a) => a.publishableKey === defaults.publishableKey)) return apps;
  const seeded = [...apps, makeAppConfig({ ...defaults, id: 'app-default' })];
  await appsItem.setValue(seeded);
  return seeded;
}
