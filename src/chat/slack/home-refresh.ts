/**
 * App Home refreshes, coalesced per person. Every post or update of a review request
 * makes the App Home of each senior it concerns out of date; publishing one home per
 * post per senior made posting ten times slower with two seniors. Requests for a
 * person within one window become one refresh, and a request while that person's
 * refresh is running becomes one more refresh after it: the home ends up current,
 * at most about once per window per person, however fast requests are posted.
 */
export class HomeRefresher {
  private readonly waiting = new Set<string>();
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly publish: (userId: string) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly windowMs = 500,
  ) {}

  request(userId: string): void {
    if (this.stopped) return;
    if (this.running.has(userId)) {
      this.again.add(userId);
      return;
    }
    this.waiting.add(userId);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.windowMs);
      this.timer.unref();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.waiting.clear();
  }

  private flush(): void {
    this.timer = null;
    const users = [...this.waiting];
    this.waiting.clear();
    for (const userId of users) this.refresh(userId);
  }

  private refresh(userId: string): void {
    this.running.add(userId);
    this.publish(userId).catch(this.onError).finally(() => {
      this.running.delete(userId);
      if (this.again.delete(userId)) this.request(userId);
    });
  }
}
