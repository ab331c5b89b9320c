/**
 * The side panel: the popup's live view (the same Popup component, `layout="panel"`), laid out
 * for 320–500 px. It stays open while the user works in their app. Like the popup it reads
 * storage and follows storage.onChanged, so it stays live while the service worker sleeps.
 */
import '../../components/theme.css';
import '../popup/popup.css';
import './sidepanel.css';
import { mountPopup } from '../../components/mount-popup';

mountPopup('panel');
