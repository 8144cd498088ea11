import { loadConfig } from '../config/load.js';
import { start } from '../main.js';
import { stringOption, type ParsedArgs } from './spec.js';
import { untilSignal } from './until-signal.js';

export async function run(args: ParsedArgs): Promise<number> {
  const running = await start({ config: loadConfig({ path: stringOption(args, 'config') }) });
  if (running.playgroundUrl) console.error(`Countersign playground: open ${running.playgroundUrl}`);
  await untilSignal(() => running.stop());
  return 0;
}
