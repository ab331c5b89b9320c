/**
 * A typed chrome.storage item: `local:`/`session:` area in the key, a fallback, get/set/remove
 * and a change watcher. Small on purpose: it is in the popup's first-paint bundle, where
 * @wxt-dev/storage (migrations, metadata, a mutex) cost ~5 KB gzipped of an 80 KB budget.
 * The API matches WXT's `storage.defineItem` for what this project uses.
 */
import { browser } from 'wxt/browser';

export type StorageKey = `local:${string}` | `session:${string}`;

export interface StorageItem<T> {
  readonly key: StorageKey;
  getValue(): Promise<T>;
  /** What storage holds, unparsed (undefined when nothing): to notice and rewrite invalid data. */
  getRawValue(): Promise<unknown>;
  setValue(value: T): Promise<void>;
  removeValue(): Promise<void>;
  /** Called with (new, old) after every change from any extension context; returns an unwatch. */
  watch(callback: (value: T, previous: T) => void): () => void;
  /** This item's value in an area read whole (`readArea`): the same fallback and parse as `getValue`. */
  pick(area: AreaContents): T;
}

/** Everything one storage area held at one read. */
export interface AreaContents {
  readonly area: 'local' | 'session';
  readonly values: Readonly<Record<string, unknown>>;
}

/**
 * One read of a whole area. For a page that must show items whose keys depend on another read
 * (the popup: the selected app's snapshot, keyed by the app id in `storage.local`), so that it
 * needs one round trip to the browser before its first paint instead of two. Only for an area
 * that holds little: `storage.session` (snapshots, reports, engine state), never `storage.local`.
 */
export async function readArea(area: 'session'): Promise<AreaContents> {
  return { area, values: await browser.storage[area].get(null) };
}

/** `parse` turns what storage holds (anything: older versions, DevTools) into a valid T. */
export function defineItem<T>(key: StorageKey, options: { fallback: T; parse?: (value: unknown) => T }): StorageItem<T> {
  const separator = key.indexOf(':');
  const areaName = key.slice(0, separator) as 'local' | 'session';
  const name = key.slice(separator + 1);
  const area = () => browser.storage[areaName];
  const orFallback = (value: unknown): T => {
    if (value === undefined || value === null) return options.fallback;
    return options.parse ? options.parse(value) : (value as T);
  };
  return {
    key,
    async getValue() {
      return orFallback((await area().get(name))[name]);
    },
    async getRawValue() {
      return (await area().get(name))[name];
    },
    async setValue(value) {
      if (value === undefined || value === null) await area().remove(name);
      else await area().set({ [name]: value });
    },
    async removeValue() {
      await area().remove(name);
    },
    pick(contents) {
      if (contents.area !== areaName) throw new Error(`${key} is not in storage.${contents.area}`);
      return orFallback(contents.values[name]);
    },
    watch(callback) {
      const listener = (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>, changedArea: string) => {
        const change = changedArea === areaName ? changes[name] : undefined;
        if (change) callback(orFallback(change.newValue), orFallback(change.oldValue));
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
  };
}
