/**
 * The options page: the list of Clerk apps, the add/edit form, and the one-time Clerk setup a
 * real app needs. Writes `appsItem` and tells the worker (`appsChanged`); asks for host
 * permissions inside the Save click, because Chrome only grants them in a user gesture.
 */
import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { AppConfig } from '../lib/apps';
import { allowedOriginsCommand, runDoctor } from '../lib/doctor/checks';
import { trafficCheck } from '../lib/doctor/traffic-check';
import { sendMessage } from '../lib/messaging';
import { type AppForm as AppFormState, emptyForm, formFromApp } from '../lib/options-form';
import { hasHostPermissions, originsForApp, requestHostPermissions } from '../lib/permissions';
import { parsePublishableKey } from '../lib/publishable-key';
import type { SessionSnapshot } from '../lib/snapshot';
import { appsItem, lastModeItem, snapshotItem } from '../lib/storage';
import { SetupDoctor } from './doctor/SetupDoctor';
import { AppForm } from './options/AppForm';
import { useTrafficFinding } from './traffic/use-traffic-finding';

type Editing = { form: AppFormState } | null;
type Notice = { tone: 'ok' | 'warn'; text: string } | null;

async function permissionMap(apps: AppConfig[]): Promise<Record<string, boolean | null>> {
  const entries = await Promise.all(
    apps.map(async (app) => {
      try {
        return [app.id, await hasHostPermissions(app)] as const;
      } catch {
        return [app.id, null] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

/** Every app's latest snapshot, live: the doctor is computed from what the syncs recorded. */
function useSnapshots(apps: AppConfig[] | null): Record<string, SessionSnapshot | null> {
  const [snapshots, setSnapshots] = useState<Record<string, SessionSnapshot | null>>({});
  const ids = (apps ?? []).map((a) => a.id).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `ids` stands for the app list.
  useEffect(() => {
    const unwatch = (apps ?? []).map((app) => {
      const item = snapshotItem(app.id);
      void item.getValue().then((s) => setSnapshots((all) => ({ ...all, [app.id]: s })));
      return item.watch((s) => setSnapshots((all) => ({ ...all, [app.id]: s })));
    });
    return () => {
      for (const stop of unwatch) stop();
    };
  }, [ids]);
  return snapshots;
}

function tellWorker() {
  // The worker may be asleep or not built yet; it re-reads the apps on its next wake anyway.
  sendMessage('appsChanged', {}).catch(() => undefined);
}

export function Options() {
  const trafficFinding = useTrafficFinding();
  const [apps, setApps] = useState<AppConfig[] | null>(null);
  const [permissions, setPermissions] = useState<Record<string, boolean | null>>({});
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const snapshots = useSnapshots(apps);

  useEffect(() => {
    const load = async (list: AppConfig[]) => {
      setApps(list);
      setPermissions(await permissionMap(list));
    };
    void appsItem.getValue().then(load);
    return appsItem.watch((list) => void load(list));
  }, []);

  const save = async (app: AppConfig) => {
    // First thing in the gesture: Chrome refuses permissions.request() after the gesture is gone.
    let granted = false;
    let requestError: string | null = null;
    try {
      granted = await requestHostPermissions(app);
    } catch (error) {
      requestError = error instanceof Error ? error.message : String(error);
    }
    const current = await appsItem.getValue();
    const exists = current.some((a) => a.id === app.id);
    const next = exists ? current.map((a) => (a.id === app.id ? app : a)) : [...current, app];
    await appsItem.setValue(next);
    // "Inspect this app" gives new apps the mode the user last chose.
    await lastModeItem.setValue(app.mode);
    setApps(next);
    setPermissions((p) => ({ ...p, [app.id]: granted }));
    setEditing(null);
    tellWorker();
    if (granted)
      setNotice({ tone: 'ok', text: `Saved “${app.label}”. Access to ${originsForApp(app).join(' and ')} is granted.` });
    else
      setNotice({
        tone: 'warn',
        text: `Saved “${app.label}”, but permission is missing${requestError ? ` (${requestError})` : ''}: without access to ${originsForApp(
          app,
        ).join(' and ')} the extension cannot read this app’s session. Use “Grant access” below or in the popup.`,
      });
  };

  const grant = async (app: AppConfig) => {
    let granted = false;
    try {
      granted = await requestHostPermissions(app);
    } catch {
      granted = false;
    }
    setPermissions((p) => ({ ...p, [app.id]: granted }));
    if (granted) tellWorker();
    setNotice(
      granted
        ? { tone: 'ok', text: `Access granted for “${app.label}”.` }
        : { tone: 'warn', text: 'Permission was not granted.' },
    );
  };

  const remove = async (app: AppConfig) => {
    const next = (await appsItem.getValue()).filter((a) => a.id !== app.id);
    await appsItem.setValue(next);
    setApps(next);
    setConfirmRemove(null);
    tellWorker();
    setNotice({ tone: 'ok', text: `Removed “${app.label}”.` });
  };

  const extensionId = browser.runtime.id;
  const origin = `chrome-extension://${extensionId}`;

  return (
    <main className="options">
      <h1>Clerk Session Inspector: apps</h1>
      {notice && (
        <p className={`notice notice-${notice.tone}`} role="status">
          <span aria-hidden="true">{notice.tone === 'ok' ? '✓ ' : '! '}</span>
          {notice.text}
        </p>
      )}

      <section aria-labelledby="apps-heading">
        <h2 id="apps-heading">Your apps</h2>
        {apps === null ? (
          <p>Loading…</p>
        ) : apps.length === 0 ? (
          <p className="muted">No app yet. Add the Clerk app you are building.</p>
        ) : (
          <ul className="app-list">
            {apps.map((app) => {
              const key = parsePublishableKey(app.publishableKey);
              const permission = permissions[app.id];
              const traffic = trafficCheck(trafficFinding, app);
              const checks = [
                ...(traffic ? [traffic] : []),
                ...runDoctor({
                  app,
                  permission: permission === true ? 'granted' : permission === false ? 'missing' : 'unknown',
                  snapshot: snapshots[app.id] ?? null,
                  extensionId: browser.runtime.id,
                }),
              ];
              const failing = checks.some((c) => c.status === 'fail');
              return (
                <li key={app.id} data-testid="app-row">
                  <div>
                    <strong>{app.label}</strong> <span className="muted">({app.mode})</span>
                    <div className="small muted">
                      {key.ok ? `${key.key.instanceType} · ${key.key.fapiHost}` : 'invalid key'}
                      {app.syncHost ? ` · sync ${app.syncHost}` : ' · no sync host'}
                    </div>
                    {permission === false && (
                      <div className="small warn-text">
                        <span aria-hidden="true">! </span>Permission missing
                      </div>
                    )}
                  </div>
                  <div className="button-row">
                    {permission === false && (
                      <button type="button" onClick={() => void grant(app)}>
                        Grant access
                      </button>
                    )}
                    <button type="button" onClick={() => setEditing({ form: formFromApp(app) })} aria-label={`Edit ${app.label}`}>
                      Edit
                    </button>
                    {confirmRemove === app.id ? (
                      <>
                        <button type="button" className="danger" onClick={() => void remove(app)}>
                          Remove “{app.label}”
                        </button>
                        <button type="button" onClick={() => setConfirmRemove(null)}>
                          Keep
                        </button>
                      </>
                    ) : (
                      <button type="button" onClick={() => setConfirmRemove(app.id)} aria-label={`Remove ${app.label}`}>
                        Remove…
                      </button>
                    )}
                  </div>
                  <details className="doctor-details" open={failing}>
                    <summary>
                      Setup doctor: {failing ? `${checks.filter((c) => c.status === 'fail').length} to fix` : 'all checks pass'}
                    </summary>
                    <SetupDoctor checks={checks} title={`Setup doctor for ${app.label}`} />
                    <button
                      type="button"
                      onClick={() => void sendMessage('refreshNow', { appId: app.id }).catch(() => undefined)}
                    >
                      Run the checks again
                    </button>
                  </details>
                </li>
              );
            })}
          </ul>
        )}
        {!editing && (
          <button type="button" className="primary" onClick={() => setEditing({ form: emptyForm() })}>
            Add an app
          </button>
        )}
      </section>

      {editing && apps && (
        <AppForm
          key={editing.form.id ?? 'new'}
          initial={editing.form}
          otherApps={apps}
          onSave={(app) => void save(app)}
          onCancel={() => setEditing(null)}
        />
      )}

      <section aria-labelledby="setup-heading" className="setup">
        <h2 id="setup-heading">One-time Clerk setup</h2>
        <p>
          This extension’s id is <code data-testid="extension-id">{extensionId}</code>. Clerk only answers requests from allowed
          origins, so add <code data-testid="allowed-origin">{origin}</code> to your instance’s allowed origins, once per instance
          (development and production):
        </p>
        <ul>
          <li>
            Backend API, from your terminal (the secret key stays there; never paste it here):
            <pre>
              <code>{allowedOriginsCommand(extensionId)}</code>
            </pre>
            (It reads the instance’s current list and adds this origin to it, so the origins you already allow stay; it needs curl
            and jq, and reads <code>CLERK_SECRET_KEY</code> from your shell without putting it on a command line.)
          </li>
          <li>
            Production instances: enable the Native API (Clerk Dashboard → Configure → Native applications), and set the sync host
            to your web app’s production origin (e.g. <code>https://app.example.com</code>). Clerk’s <code>__client</code> cookie
            lives on your Frontend API domain (<code>clerk.example.com</code>), which must be on the same site; the extension asks
            for access to both hosts when you save.
          </li>
          <li>
            Development instances: the sync host is where your app runs locally (e.g. <code>http://localhost:3000</code>); Clerk’s
            development cookie <code>__clerk_db_jwt</code> lives there.
          </li>
        </ul>
      </section>
    </main>
  );
}
