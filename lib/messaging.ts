/**
 * chrome.runtime messaging adapter for the protocol in ./protocol. Thin: the handlers and the
 * sender policy are plain functions that tests call directly.
 */
import { browser } from 'wxt/browser';
import {
  type Envelope,
  type Handlers,
  isEnvelope,
  type MessageType,
  type ProtocolMap,
  payloadAppId,
  payloadProblem,
  type Reply,
} from './protocol';

export interface SenderLike {
  id?: string;
  url?: string;
  origin?: string;
  tab?: unknown;
}

/**
 * Only this extension's own pages may drive the engine. Content scripts and web pages cannot
 * reach onMessage without `externally_connectable`, but the check makes the rule explicit and
 * survives a manifest change.
 */
export function isTrustedSender(sender: SenderLike, extensionId: string): boolean {
  if (sender.id !== extensionId) return false;
  const origin = `chrome-extension://${extensionId}`;
  if (sender.origin !== undefined) return sender.origin === origin;
  // No origin: compare the URL's prefix. `new URL(…).origin` is "null" for this scheme outside
  // Chrome, and throws on a malformed URL.
  return sender.url?.startsWith(`${origin}/`) ?? false;
}

/**
 * Runs the handler for a well-formed message about a configured app. `knownAppIds` is asked only
 * for messages that name an app; a payload that fails the boundary checks never reaches a handler.
 */
export async function dispatch(
  handlers: Handlers,
  message: unknown,
  knownAppIds?: () => Promise<readonly string[]>,
): Promise<Reply<MessageType>> {
  if (!isEnvelope(message)) return { ok: false, error: 'Unknown message.' };
  const problem = payloadProblem(message);
  if (problem) return { ok: false, error: problem };
  try {
    const appId = payloadAppId(message);
    if (appId !== null && knownAppIds && !(await knownAppIds()).includes(appId)) return { ok: false, error: 'Unknown app.' };
    const handler = handlers[message.type] as (payload: unknown) => Promise<unknown>;
    return { ok: true, value: (await handler(message.payload)) as never };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Registers the handlers; call synchronously from the background's main(). Answers through
 * `sendResponse` and `return true`: Chrome before 144 ignores a Promise returned by the
 * listener (the sender would get `undefined`), and the manifest allows Chrome 120.
 */
export function listenForMessages(handlers: Handlers, knownAppIds?: () => Promise<readonly string[]>): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: SenderLike, sendResponse: (reply: unknown) => void) => {
    if (!isTrustedSender(sender, browser.runtime.id)) return undefined;
    void dispatch(handlers, message, knownAppIds).then(sendResponse);
    return true;
  });
}

export async function sendMessage<K extends MessageType>(
  type: K,
  payload: ProtocolMap[K]['request'],
): Promise<ProtocolMap[K]['response']> {
  const envelope: Envelope<K> = { type, payload };
  const reply = (await browser.runtime.sendMessage(envelope)) as Reply<K> | undefined;
  if (!reply) throw new Error('The background service worker did not answer.');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
