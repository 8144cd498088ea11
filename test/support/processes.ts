import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CLI } from './cli.js';

/** One `countersign start` process as an operator runs it, with its JSON log lines kept. */
export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  logs: { msg?: string; level?: number; [key: string]: unknown }[];
  /** Resolves when a log line with this message (or matching it) appears. */
  waitForLog(msg: string | RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/** Start the built CLI's `start` (or another `countersign` executable) in `cwd` with only PATH and `env`; resolves once it listens. */
export async function startService(cwd: string, env: Record<string, string>, executable: string = CLI): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [executable, 'start'], {
    cwd, env: { PATH: process.env.PATH!, HOME: cwd, PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: ServiceProcess['logs'] = [];
  const waiters: { match: (m: string) => boolean; resolve: (entry: Record<string, unknown>) => void }[] = [];
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let entry: ServiceProcess['logs'][number];
    try { entry = JSON.parse(line) as typeof entry; } catch { return; }
    logs.push(entry);
    for (const w of [...waiters]) if (w.match(entry.msg ?? '')) { waiters.splice(waiters.indexOf(w), 1); w.resolve(entry); }
  });
  const waitForLog = (msg: string | RegExp, timeoutMs = 20_000) => {
    const match = (m: string) => (typeof msg === 'string' ? m === msg : msg.test(m));
    const seen = logs.find((l) => match(l.msg ?? ''));
    if (seen) return Promise.resolve(seen);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no log "${String(msg)}" within ${timeoutMs} ms; saw:\n${logs.map((l) => l.msg).join('\n')}\n${stderr}`)), timeoutMs);
      waiters.push({ match, resolve: (e) => { clearTimeout(timer); resolve(e); } });
    });
  };
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = await Promise.race([
    waitForLog('countersign is listening', 60_000),
    exited.then((code) => { throw new Error(`countersign start exited with ${code} before listening:\n${stderr}`); }),
  ]);
  return {
    child, url: listening.url as string, logs, waitForLog,
    stop: () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM'); return exited; },
  };
}
