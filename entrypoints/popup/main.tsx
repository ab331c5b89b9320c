import { createRoot } from 'react-dom/client';
import '../../components/theme.css';
import './popup.css';
import { Popup } from '../../components/Popup';
import { connectPopupStore, startPopupClock } from '../../lib/popup-store';

void connectPopupStore();
startPopupClock();
const root = document.getElementById('root');
if (root) createRoot(root).render(<Popup />);
