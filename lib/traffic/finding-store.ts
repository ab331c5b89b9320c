/**
 * The newest traffic finding in `storage.session` (memory only, like snapshots): the worker writes
 * it on `trafficFinding`, the popup's and side panel's lazy note and the doctor read it. Its own
 * module: lib/storage.ts and lib/protocol.ts are in the popup's first paint, which must not grow.
 */
import { defineItem } from '../storage-item';
import { parseStoredFinding, type StoredTrafficFinding } from './finding-message';

export const trafficFindingItem = defineItem<StoredTrafficFinding | null>('session:trafficFinding', {
  fallback: null,
  parse: parseStoredFinding,
});
