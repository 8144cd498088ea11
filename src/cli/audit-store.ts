import { loadDatabaseSettings } from '../config/load.js';
import { openStore, type Store } from '../store/db.js';
import { stringOption, type ParsedArgs } from './spec.js';

/**
 * The store for a command that reads the audit trail, opened from the database
 * settings alone, and closed after `use`.
 */
export async function withAuditStore<T>(args: ParsedArgs, use: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore(loadDatabaseSettings({ path: stringOption(args, 'config') }).url);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
