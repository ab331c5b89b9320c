/**
 * The `chrome.devtools.network` adapter for the Clerk panel: the entries the inspected tab has
 * recorded so far (`getHAR`) and each new one as it finishes (`onRequestFinished`). No
 * permission is needed (DevTools pages get this API for the tab they inspect), nothing is
 * written anywhere, and response bodies are read only for Frontend API token and error answers,
 * which the classifier needs (a fresh token's `iat`, `clerk_trace_id`). Thin: the logic is in
 * classify.ts.
 */
import type { HarEntry } from './har';

interface DevtoolsRequest extends HarEntry {
  getContent(callback: (content: string | null, encoding: string) => void): void;
}

interface DevtoolsNetwork {
  getHAR(callback: (har: { entries: HarEntry[] }) => void): void;
  onRequestFinished: { addListener(callback: (request: DevtoolsRequest) => void): void };
  onNavigated: { addListener(callback: (url: string) => void): void };
}

export interface TrafficSource {
  /** Everything recorded before the panel opened. */
  existing(): Promise<HarEntry[]>;
  onEntry(callback: (entry: HarEntry) => void): void;
}

/** The DevTools network API, or null where the page is not a DevTools panel (opened as a tab). */
export function devtoolsNetwork(): TrafficSource | null {
  const network = (globalThis as { chrome?: { devtools?: { network?: DevtoolsNetwork } } }).chrome?.devtools?.network;
  if (!network) return null;
  return {
    existing: () => new Promise((resolve) => network.getHAR((har) => resolve(har.entries ?? []))),
    onEntry(callback) {
      network.onRequestFinished.addListener((request) => {
        const { status } = request.response;
        const isAnswer = status >= 200 && (status < 300 || status >= 400);
        if (!/\/v1\//.test(request.request.url) || !isAnswer) {
          callback(request);
          return;
        }
        request.getContent((content) => {
          callback({
            ...request,
            response: { ...request.response, content: { ...request.response.content, text: content ?? undefined } },
          });
        });
      });
    },
  };
}
