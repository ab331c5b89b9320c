/**
 * The newest DevTools traffic finding, live from `storage.session` (lib/traffic/finding-store.ts).
 * Used by lazy parts only (the popup's doctor, the options page), never by a first paint.
 */
import { useEffect, useState } from 'react';
import type { StoredTrafficFinding } from '../../lib/traffic/finding-message';
import { trafficFindingItem } from '../../lib/traffic/finding-store';

export function useTrafficFinding(): StoredTrafficFinding | null {
  const [finding, setFinding] = useState<StoredTrafficFinding | null>(null);
  useEffect(() => {
    let live = true;
    void trafficFindingItem.getValue().then((value) => live && setFinding(value));
    const unwatch = trafficFindingItem.watch((value) => setFinding(value));
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return finding;
}
