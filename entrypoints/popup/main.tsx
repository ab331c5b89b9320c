import { createRoot } from 'react-dom/client';
import '../../components/theme.css';
import './popup.css';
import { Popup } from '../../components/Popup';
import { connectPopupStore, usePopupStore } from '../../lib/popup-store';

void connectPopupStore();
// Countdowns are recomputed from absolute timestamps each second; nothing accumulates.
setInterval(() => usePopupStore.getState().tick(Date.now()), 1000);
const root = document.getElementById('root');
if (root) createRoot(root).render(<Popup />);
