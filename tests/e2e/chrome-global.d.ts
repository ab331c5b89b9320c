// Code passed to worker.evaluate()/page.evaluate() runs inside the extension, where `chrome` exists.
declare const chrome: import('wxt/browser').Browser;
