import { mountTrafficPanel } from '../../components/traffic/panel';
import { sendMessage } from '../../lib/messaging';
import { devtoolsNetwork } from '../../lib/traffic/devtools-network';

const root = document.getElementById('root');
if (root) {
  const panel = mountTrafficPanel(root, {
    version: chrome.runtime.getManifest().version,
    // The worker keeps the newest finding for the popup, the side panel and the doctor.
    onFinding: (finding) => void sendMessage('trafficFinding', { finding }).catch(() => undefined),
  });
  // In DevTools: the inspected tab's traffic. Opened as a page (no chrome.devtools): import only.
  const network = devtoolsNetwork();
  if (network) {
    void network.existing().then((entries) => panel.add(entries));
    network.onEntry((entry) => panel.add([entry]));
  }
}
