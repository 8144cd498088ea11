import { loadDatabaseSettings } from '../config/load.js';
import { pidFile, readPid } from './pid-file.js';
import { stringOption, type ParsedArgs } from './spec.js';

/**
 * Ask the running service to read its config file again: SIGHUP to the process named
 * by the pid file `start` wrote. The service validates the file itself (with its own
 * environment, which holds the secrets), applies it or keeps the running config, and
 * says which in its log: this command cannot see that answer.
 */
export async function run(args: ParsedArgs): Promise<number> {
  const file = pidFile(loadDatabaseSettings({ path: stringOption(args, 'config') }).url, process.cwd());
  const pid = readPid(file);
  if (pid === null) {
    console.error(`countersign reload: no running service found (${file} is missing); is "countersign start" running with this config and from this directory? Otherwise send SIGHUP to its process.`);
    return 1;
  }
  try {
    process.kill(pid, 'SIGHUP');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(`countersign reload: cannot signal process ${pid} from ${file} (${code === 'ESRCH' ? 'it is no longer running' : code === 'EPERM' ? 'it belongs to another user' : code})`);
    return 1;
  }
  console.log(`asked countersign (process ${pid}) to reload its config; its log says "config reloaded", or "config reload refused" with every problem`);
  return 0;
}
