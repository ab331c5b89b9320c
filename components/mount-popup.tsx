/**
 * Starts the popup or the side panel page: connects the store, then renders once, when the first
 * storage read is in. A "Loading" render before it would be replaced a few milliseconds later,
 * and that second render is what the user waits for. The render is synchronous (`flushSync`):
 * React's default schedules it as a separate task, which a busy page runs late. If storage has
 * not answered after FIRST_PAINT_WAIT_MS, "Loading" shows until it does.
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { connectPopupStore, startPopupClock, whenLoaded } from '../lib/popup-store';
import { Popup, type PopupLayout } from './Popup';

const FIRST_PAINT_WAIT_MS = 150;

export function mountPopup(layout: PopupLayout): void {
  void connectPopupStore();
  startPopupClock();
  const element = document.getElementById('root');
  if (!element) return;
  const root = createRoot(element);
  void whenLoaded(FIRST_PAINT_WAIT_MS).then(() => flushSync(() => root.render(<Popup layout={layout} />)));
}
