/**
 * Run `step` until stopped: again at once while it finds work, after `pollMs` when it
 * finds none, or as soon as someone calls `nudge()` (new work was just stored).
 */
export class PollLoop {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly options: {
    step: () => Promise<number>;
    pollMs: number;
    onError: (error: unknown) => void;
    /** Called between steps that found work (to yield to more urgent work). */
    between?: () => Promise<void>;
  }) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  nudge(): void {
    this.wake?.();
  }

  /** Stop and wait for the step in progress to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let found = 0;
      try {
        found = await this.options.step();
      } catch (error) {
        this.options.onError(error);
      }
      if (!this.running) break;
      if (found === 0) await this.sleep();
      else await (this.options.between?.() ?? new Promise((r) => setImmediate(r)));
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.options.pollMs);
      timer.unref();
      this.wake = done;
    });
  }
}
