import type { Store } from '../store/db.js';
import { deleteAdapterState, listAdapterState, readAdapterState, writeAdapterState } from '../store/adapter-state.js';
import type { Clock } from './ports.js';

/**
 * What one chat adapter remembers between requests and restarts (Teams: conversation
 * references captured at install; ids of posts it made), in one table shared by every
 * adapter and keyed by platform and the adapter's own key. Values are JSON.
 */
export interface AdapterState {
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Keys starting with `prefix`, in key order, at most `limit`. */
  list(prefix: string, limit?: number): Promise<{ key: string; value: unknown }[]>;
}

export function adapterStateFor(store: Pick<Store, 'db'>, platform: string, clock: Clock): AdapterState {
  const { db } = store;
  return {
    get: (key) => readAdapterState(db, platform, key),
    put: (key, value) => writeAdapterState(db, platform, key, value, clock.now().toISOString()),
    delete: (key) => deleteAdapterState(db, platform, key),
    list: (prefix, limit = 500) => listAdapterState(db, platform, prefix, limit),
  };
}
