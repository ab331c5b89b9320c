/**
 * The setup doctor at the top of the popup and the side panel: only the checks that need the
 * user. A lazy chunk (components/Popup.tsx), so the checks and their texts stay off the first paint.
 */
import { browser } from 'wxt/browser';
import type { AppConfig } from '../../lib/apps';
import { runDoctor } from '../../lib/doctor/checks';
import type { PermissionState } from '../../lib/popup-view';
import type { SessionSnapshot } from '../../lib/snapshot';
import { SetupDoctor } from './SetupDoctor';

export default function PopupDoctor(props: { app: AppConfig; permission: PermissionState; snapshot: SessionSnapshot | null }) {
  return <SetupDoctor compact title="Needs your attention" checks={runDoctor({ ...props, extensionId: browser.runtime.id })} />;
}
