import { runDemo, DEMO_SPEED } from '../demo/run.js';
import { createLogger } from '../logger.js';
import { flag, stringOption, UsageError, type ParsedArgs } from './spec.js';
import { untilSignal } from './until-signal.js';

/** `countersign demo`: sample teams, sample pull requests, the playground; until Ctrl-C. */
export async function run(args: ParsedArgs): Promise<number> {
  const fast = flag(args, 'fast');
  const port = Number(stringOption(args, 'port') ?? process.env.PORT ?? 3000);
  const speedOption = stringOption(args, 'speed');
  const speed = speedOption === undefined ? undefined : Number(speedOption);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  if (speed !== undefined && !(speed >= 1)) throw new UsageError('--speed must be a number of at least 1');
  const say = (line: string) => console.log(`  ${line}`);
  const demo = await runDemo({ cwd: process.cwd(), port, fast, speed, log: createLogger(process.env.LOG_LEVEL ?? 'error'), say });
  const stopped = untilSignal(() => demo.stop());
  console.log(`\nCountersign demo: open ${demo.running.playgroundUrl} in a browser.`);
  console.log('Act as priya or marco (seniors in payments) or sofia or tomasz (platform) to sign off; helena and kenji are leads.');
  console.log(fast
    ? `The clock starts on Monday 08:58 in Berlin and runs ${speed ?? DEMO_SPEED}x faster (a working hour in ${Math.round(3600 / (speed ?? DEMO_SPEED))} s): the 09:00 digest and the first reminders arrive within a minute.\n`
    : 'Add --fast to watch escalations and the morning digest within a minute.\n');
  await demo.replayed.catch((error: unknown) => console.error(`countersign: the replay stopped: ${(error as Error).message}`));
  await stopped;
  return 0;
}
