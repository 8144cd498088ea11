/**
 * Keeps a loop's claims alive while their work continues: every `everyMs` it renews
 * whatever is still held, so a claim lasts as long as its holder is alive and working,
 * not as long as someone guessed the work would take. A holder that dies stops
 * renewing and its claims expire for another replica to take.
 */
export class ClaimRenewer<T> {
  private readonly held = new Map<number, T>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: {
    renew: (held: T[]) => Promise<void>;
    everyMs: number;
    onError: (error: unknown) => void;
  }) {}

  hold(id: number, claim: T): void {
    this.held.set(id, claim);
    this.timer ??= setInterval(() => this.tick(), this.options.everyMs).unref();
  }

  release(id: number): void {
    this.held.delete(id);
    if (this.held.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private tick(): void {
    if (this.held.size === 0) return;
    this.options.renew([...this.held.values()]).catch(this.options.onError);
  }
}
