import { createRoot } from 'react-dom/client';
import { Popup } from '../../components/Popup';
import { connectPopupStore, usePopupStore } from '../../lib/popup-store';

void connectPopupStore();
setInterval(() => usePopupStore.getState().tick(Date.now()), 1000);
const root = document.getElementById('root');
if (root) createRoot(root).render(<Popup />);
