/**
 * The side panel: the popup's live view (the same Popup component, `layout="panel"`), laid out
 * for 320–500 px. It stays open while the user works in their app. Like the popup it reads
 * storage and follows storage.onChanged, so it stays live while the service worker sleeps.
 */
import { createRoot } from 'react-dom/client';
import '../../components/theme.css';
import '../popup/popup.css';
import './sidepanel.css';
import { Popup } from '../../components/Popup';
import { connectPopupStore, startPopupClock } from '../../lib/popup-store';

void connectPopupStore();
startPopupClock();
const root = document.getElementById('root');
if (root) createRoot(root).render(<Popup layout="panel" />);
