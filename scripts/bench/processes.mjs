// Shared by the benchmarks: start a server as a child process, wait for the JSON log
// line that says it listens, and stop it. Logs are not parsed after that line: the
// load generator shares the machine's CPU with the servers it measures.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const children = new Set();

export function startProcess(name, args, { cwd, env = {} }) {
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return new Promise((resolveStart, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`${name} exited with ${code ?? signal} before listening`)));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line);
        if (entry.msg !== 'listening' && entry.msg !== 'countersign is listening') return;
        lines.close();
        child.stdout.resume();
        child.removeAllListeners('exit');
        child.once('exit', () => children.delete(child));
        resolveStart({ name, child, url: entry.url, apiUrl: entry.apiUrl });
      } catch { /* not a log line */ }
    });
  });
}

/** SIGTERM (a graceful stop, so a CPU profile gets written), SIGKILL after 5 s. */
export async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Every child still running (for cleanup on exit or error). */
export function runningChildren() {
  return [...children];
}
