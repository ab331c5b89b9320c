/** Opens the options page (the header's gear, "Open options" in the views that need a setting). */
import { browser } from 'wxt/browser';

export function openOptions(): void {
  void browser.runtime.openOptionsPage();
}
