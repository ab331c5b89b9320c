/**
 * The setup doctor at the top of the popup and the side panel: only the checks that need the
 * user. A lazy chunk (components/Popup.tsx), so the checks and their texts stay off the first paint.
 */
import { browser } from 'wxt/browser';
import type { AppConfig } from '../../lib/apps';
import { runDoctor } from '../../lib/doctor/checks';
import { trafficCheck } from '../../lib/doctor/traffic-check';
import type { PermissionState } from '../../lib/popup-view';
import type { SessionSnapshot } from '../../lib/snapshot';
import { useTrafficFinding } from '../traffic/use-traffic-finding';
import { SetupDoctor } from './SetupDoctor';

export default function PopupDoctor(props: { app: AppConfig; permission: PermissionState; snapshot: SessionSnapshot | null }) {
  // The DevTools panel's newest finding (a loop, a stale cookie, clock skew) joins the checks.
  const traffic = trafficCheck(useTrafficFinding(), props.app);
  const checks = runDoctor({ ...props, extensionId: browser.runtime.id });
  return <SetupDoctor compact title="Needs your attention" checks={traffic ? [traffic, ...checks] : checks} />;
}
