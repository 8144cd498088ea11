import { loadConfig } from '../config/load.js';
import { openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { stringOption, type ParsedArgs } from './spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  const store = openStore(loadConfig({ path: stringOption(args, 'config') }).database.url);
  try {
    const applied = await migrateToLatest(store.db, store.flavor);
    console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'database schema is current');
    return 0;
  } finally {
    await store.close();
  }
}
