/**
 * The popup's header: the app (a switcher with several), its instance and FAPI host, the mode
 * toggle, "Refresh now", settings, and in the popup "Open in side panel".
 */
import { useEffect, useState } from 'react';
import type { AppConfig, Mode } from '../../lib/apps';
import { sendMessage } from '../../lib/messaging';
import { selectAppLocally } from '../../lib/popup-store';
import type { KeyParseResult } from '../../lib/publishable-key';
import { openSidePanel, prepareSidePanel, sidePanelSupported } from '../../lib/side-panel';
import type { SessionSnapshot } from '../../lib/snapshot';
import { lastModeItem } from '../../lib/storage';

export const MODE_EXPLANATIONS: Record<Mode, string> = {
  'keep-alive': 'Keep-alive mints a token on schedule, which counts as activity and resets the inactivity window.',
  observe: 'Observe reads only; the inactivity window drains as if the app were closed.',
};

interface Props {
  apps: AppConfig[];
  app: AppConfig;
  snapshot: SessionSnapshot | null;
  onOpenOptions: () => void;
  layout?: 'popup' | 'panel';
}

function SidePanelButton({ onError }: { onError: (message: string) => void }) {
  // The window id is looked up after the first paint (a click comes later than that).
  useEffect(() => {
    const prepare = setTimeout(prepareSidePanel, 0);
    return () => clearTimeout(prepare);
  }, []);
  if (!sidePanelSupported()) return null;
  return (
    <button
      type="button"
      className="icon-button"
      title="Open in side panel (stays open while you use your app)"
      onClick={() => {
        // Synchronously in the click: Chrome opens the side panel only for a user action.
        openSidePanel().then(
          () => window.close(),
          (error: unknown) => onError(`Could not open the side panel: ${error instanceof Error ? error.message : String(error)}`),
        );
      }}
    >
      <span aria-hidden="true">◨</span>
      <span className="visually-hidden">Open in side panel</span>
    </button>
  );
}

/**
 * The key's FAPI host and instance type, for a header without a snapshot yet (waiting for the
 * first sync, permission missing). The parser (lib/publishable-key, with Clerk's) is a lazy
 * chunk: the first paint of a synced app takes both from the snapshot. null while it loads.
 */
function useParsedKey(publishableKey: string, needed: boolean): KeyParseResult | null {
  const [parsed, setParsed] = useState<{ key: string; result: KeyParseResult } | null>(null);
  useEffect(() => {
    if (!needed) return;
    let current = true;
    void import('../../lib/publishable-key').then(({ parsePublishableKey }) => {
      if (current) setParsed({ key: publishableKey, result: parsePublishableKey(publishableKey) });
    });
    return () => {
      current = false;
    };
  }, [publishableKey, needed]);
  return parsed?.key === publishableKey ? parsed.result : null;
}

export function PopupHeader({ apps, app, snapshot, onOpenOptions, layout = 'popup' }: Props) {
  const key = useParsedKey(app.publishableKey, snapshot === null);
  const fapiHost = snapshot?.fapiHost ?? (key === null ? '…' : key.ok ? key.key.fapiHost : 'invalid key');
  const instanceType = snapshot?.instanceType ?? (key?.ok ? key.key.instanceType : null);
  const [pendingMode, setPendingMode] = useState<Mode | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const mode = pendingMode ?? app.mode;

  const switchApp = async (appId: string) => {
    setMessage(null);
    await selectAppLocally(appId);
    // The engine follows the stored choice too; telling it just makes it sooner.
    sendMessage('selectApp', { appId }).catch(() => undefined);
  };

  const changeMode = async (next: Mode) => {
    if (next === app.mode) return;
    setPendingMode(next);
    setMessage(null);
    try {
      await sendMessage('setMode', { appId: app.id, mode: next });
      // New apps found by "Inspect this app" start in the mode the user last chose.
      await lastModeItem.setValue(next);
    } catch (error) {
      setMessage(`Could not switch to ${next}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setPendingMode(null);
    }
  };

  const refresh = async () => {
    setRefreshing(true);
    setMessage(null);
    try {
      await sendMessage('refreshNow', { appId: app.id });
    } catch (error) {
      setMessage(`Refresh failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <header className="header">
      <div className="header-row">
        {apps.length > 1 ? (
          <>
            <h1 className="visually-hidden">Clerk Session Inspector: {app.label}</h1>
            <label className="app-switcher">
              <span className="visually-hidden">App</span>
              <select value={app.id} onChange={(event) => void switchApp(event.target.value)}>
                {apps.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.label}
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : (
          <h1 className="app-label">{app.label}</h1>
        )}
        {instanceType && <span className={`pill pill-${instanceType}`}>{instanceType}</span>}
        {layout === 'popup' && <SidePanelButton onError={setMessage} />}
        <button type="button" className="icon-button" onClick={onOpenOptions} title="Settings (options page)">
          <span aria-hidden="true">⚙</span>
          <span className="visually-hidden">Settings</span>
        </button>
      </div>
      <p className="fapi-host">
        <span className="muted">FAPI</span> <code data-testid="fapi-host">{fapiHost}</code>
      </p>
      <div className="header-row">
        <fieldset className="mode-toggle">
          <legend className="visually-hidden">Mode</legend>
          {(['keep-alive', 'observe'] as const).map((m) => (
            <label key={m} className={mode === m ? 'selected' : undefined}>
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => void changeMode(m)} />
              {m === 'keep-alive' ? 'Keep-alive' : 'Observe'}
            </label>
          ))}
        </fieldset>
        <button type="button" onClick={() => void refresh()} disabled={refreshing}>
          {refreshing ? 'Refreshing…' : 'Refresh now'}
        </button>
      </div>
      <p className="mode-explanation" data-testid="mode-explanation">
        {MODE_EXPLANATIONS[mode]}
      </p>
      {message && (
        <p className="inline-error" role="alert">
          {message}
        </p>
      )}
    </header>
  );
}
