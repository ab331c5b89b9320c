import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';
import { buildTimeHostPermissions } from './lib/build-defaults';

// The public half of the extension's signing key. It pins the unpacked extension's id to
// ncdmolkcfabcdhgnpbmjeaimankepeja on every machine, so a Clerk app can list
// chrome-extension://ncdmolkcfabcdhgnpbmjeaimankepeja as an allowed origin once. No private key is
// committed (unpacked extensions need none). README, "A stable extension id", says how to make your own.
const EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA3LgoEQbqAWeQTHR/DC3ckUTQWIUsEoeidQIBv3KGFB4YcXAr4pSDgreNnRdhDV8V4Hx6ywMfqMp0rrezup4Ash0PGRMoYSJI0EW2UnQRv+4SahLVmM7HCdCh31aSl8yoL6O8e6daOt4LdTPIt7w4MIk6JhzgM1GJVsgBwltOLLDL97bDtEigBHQ1vXxTznatmHYnd55N0lDL5HPnj5eECzyHZqKDIpy58vzy1yDD6WHked7PQKVVkMb/qYp9Z+xwcmMEEJs8ZGz4Nv+H4k62BSgQQ9bJM4JYwJ/g+yRSLzz8ZrvYp05Rsj7m5+Jr47PqH18hxvMam/myEkRkFP8BSwIDAQAB';

/**
 * Vite wraps every `import()` in its preload helper (~0.9 KB gzipped of the popup's first paint),
 * which fetches the lazy chunk's CSS and, with `modulePreload`, its imports ahead. The popup and
 * the side panel have neither (modulePreload is off; their lazy chunks carry no CSS), so the
 * helper only calls the import: this plugin makes it exactly that, and fails the build if a lazy
 * chunk ever brings CSS, which the helper would have loaded.
 */
function noPreloadHelper(): Plugin {
  const HELPER = '\0vite/preload-helper.js';
  return {
    name: 'csi:no-preload-helper',
    enforce: 'pre',
    load(id) {
      if (id === HELPER) return 'export const __vitePreload = (load) => load();';
    },
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.isDynamicEntry) continue;
        const css = (chunk as { viteMetadata?: { importedCss?: Set<string> } }).viteMetadata?.importedCss;
        if (css && css.size > 0)
          this.error(`${chunk.fileName} imports CSS (${[...css].join(', ')}): the preload helper is needed`);
      }
    },
  };
}

/**
 * The page's stylesheet goes inline, into a <style> in its HTML: a linked one blocks the page's
 * module script until it has loaded (about 4 ms of the popup's time to data, measured). The CSS
 * has no url() to resolve against its old place; the build fails if it ever gets one.
 */
function inlineStylesheets(): Plugin {
  const inlined = new Set<string>();
  return {
    name: 'csi:inline-stylesheets',
    // After Vite's HTML plugin, whose generateBundle runs this transformIndexHtml.
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        return html.replace(/<link rel="stylesheet"[^>]* href="\/([^"]+\.css)"[^>]*>/g, (_tag, file: string) => {
          const asset = bundle[file];
          if (asset?.type !== 'asset') throw new Error(`${ctx.filename}: no stylesheet ${file} in the bundle`);
          const css = String(asset.source);
          if (/url\(|<\/style/i.test(css)) throw new Error(`${file} has url() or </style>: it cannot go inline`);
          inlined.add(file);
          return `<style>${css}</style>`;
        });
      },
    },
    generateBundle(_options, bundle) {
      for (const file of inlined) delete bundle[file];
    },
  };
}

/** Pages built alone, so that their first paint is one JS file (see `hooks`); the DevTools panel too, for its own budget. */
const OWN_BUILD = new Set(['popup', 'sidepanel', 'devtools-panel']);

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // Explicit imports only: a reader can follow every name to its module.
  imports: false,
  // Test and demo builds go to their own folder, so they never overwrite the plain build.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  hooks: {
    // The popup and the side panel are built on their own, one page per build. In WXT's default
    // group (every HTML page and the module service worker in one build) React and every module
    // the worker or the options page also uses land in shared chunks: popup.html loaded six JS
    // files before its first paint, and each module file costs an extension page about 2 ms,
    // preloaded or not (tests/bench/README.md, "Popup time to data"). Alone, a page's static
    // imports form one chunk (the group below) and its lazy chunks import from it. The lazy
    // chunks then exist once per page: disk bytes, nothing loads twice.
    'entrypoints:grouped': (_wxt, groups) => {
      const split = groups.flatMap((group) => {
        if (!Array.isArray(group)) return [group];
        const rest = group.filter((e) => !OWN_BUILD.has(e.name));
        const alone = group.filter((e) => OWN_BUILD.has(e.name)).map((e) => [e]);
        return [...(rest.length > 0 ? [rest] : []), ...alone];
      });
      groups.splice(0, groups.length, ...split);
    },
    'vite:build:extendConfig': (entrypoints, config) => {
      const [page] = entrypoints;
      if (entrypoints.length !== 1 || !page || !OWN_BUILD.has(page.name)) return;
      // '$initial': every module the page's HTML imports statically, entry included.
      config.build ??= {};
      config.build.rolldownOptions ??= {};
      config.build.rolldownOptions.output = {
        ...config.build.rolldownOptions.output,
        codeSplitting: { groups: [{ name: page.name, tags: ['$initial'] }] },
      };
      config.plugins = [...(config.plugins ?? []), noPreloadHelper(), inlineStylesheets()];
    },
  },
  vite: () => ({
    // No preload helper: extension pages load from disk, and the helper alone (~1.5 KB gzipped)
    // would cost the popup's first paint more than the lazy detection chunk it preloads.
    build: { modulePreload: false },
    resolve: { alias: { '@clerk/ui/no-rhc': fileURLToPath(new URL('./lib/clerk-ui-stub.ts', import.meta.url)) } },
  }),
  manifest: () => ({
    name: 'Clerk Session Inspector',
    description:
      'See your Clerk session at a glance: age, inactivity window, lifetime, token refreshes, every session, and sign-out of all.',
    minimum_chrome_version: '120',
    key: EXTENSION_KEY,
    action: { default_title: 'Clerk Session Inspector' },
    // Why each permission is needed: README, "Permissions". None of them shows an install warning.
    // cookies: the Clerk SDK reads the sync host's session cookie. The SDK also insists that a
    // host_permissions key exists; app origins themselves are asked for at run time.
    // activeTab + scripting: "Inspect this app" reads the Clerk of the tab the user clicked the
    // icon on (no content script on any page). sidePanel + contextMenus: the side panel, and
    // "Open in side panel" on the action's context menu.
    permissions: ['storage', 'alarms', 'cookies', 'activeTab', 'scripting', 'sidePanel', 'contextMenus'],
    optional_permissions: ['notifications'],
    host_permissions: buildTimeHostPermissions(process.env),
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // The shortcut opens the popup (and, as a user action, grants activeTab like a click).
    commands: { _execute_action: { suggested_key: { default: 'Alt+Shift+K' } } },
  }),
});
