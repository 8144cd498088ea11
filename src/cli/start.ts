import { loadConfig } from '../config/load.js';
import { start } from '../main.js';
import { pidFile, writePidFile } from './pid-file.js';
import { stringOption, type ParsedArgs } from './spec.js';
import { untilSignal } from './until-signal.js';

export async function run(args: ParsedArgs): Promise<number> {
  const load = () => loadConfig({ path: stringOption(args, 'config') });
  const config = load();
  const running = await start({ config, loadConfig: load });
  if (running.playgroundUrl) console.error(`Countersign playground: open ${running.playgroundUrl}`);
  // SIGHUP (or `countersign reload`) reads the file again; a bad file is refused and logged.
  const onHangUp = () => { running.reload(); };
  process.on('SIGHUP', onHangUp);
  const removePidFile = writePidFile(pidFile(config.database.url, process.cwd()));
  await untilSignal(() => running.stop());
  process.off('SIGHUP', onHangUp);
  removePidFile();
  return 0;
}
