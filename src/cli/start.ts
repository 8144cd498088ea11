import { loadConfig } from '../config/load.js';
import { start, type Running } from '../main.js';
import { pidFile, writePidFile } from './pid-file.js';
import { stringOption, type ParsedArgs } from './spec.js';
import { untilSignal } from './until-signal.js';

export async function run(args: ParsedArgs): Promise<number> {
  const load = () => loadConfig({ path: stringOption(args, 'config') });
  // SIGHUP (or `countersign reload`) reads the file again; a bad file is refused and logged.
  // Taken from the first moment: SIGHUP's default would end the process while migrations run.
  let running: Running | null = null;
  const onHangUp = () => {
    if (running) running.reload();
    else console.error('countersign: still starting; the config file is read again once the service listens (send SIGHUP again then)');
  };
  process.on('SIGHUP', onHangUp);
  const config = load();
  running = await start({ config, loadConfig: load });
  if (running.playgroundUrl) console.error(`Countersign playground: open ${running.playgroundUrl}`);
  const removePidFile = writePidFile(pidFile(config.database.url, process.cwd()));
  const service = running;
  await untilSignal(() => service.stop());
  process.off('SIGHUP', onHangUp);
  removePidFile();
  return 0;
}
