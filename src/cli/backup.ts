import { loadConfig } from '../config/load.js';
import { BackupError, backupSqlite } from '../store/backup.js';
import { stringOption, type ParsedArgs } from './spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  const out = stringOption(args, 'out');
  if (!out) {
    console.error('countersign backup: --out FILE is required');
    return 2;
  }
  try {
    const pages = await backupSqlite(loadConfig({ path: stringOption(args, 'config') }).database.url, out);
    console.log(`backed up ${pages} pages to ${out}`);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    console.error(`countersign backup: ${error.message}`);
    return 1;
  }
}
