// The DevTools page: it only creates the "Clerk" panel (entrypoints/devtools-panel) for the
// inspected tab. It lives as long as that tab's DevTools window.
chrome.devtools.panels.create('Clerk', '', '/devtools-panel.html');
