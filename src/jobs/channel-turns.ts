/**
 * When each channel of each destination may send again, in monotonic time: after its
 * pacing interval, or after the wait a rate limit asked for. Per process: replicas pace
 * themselves.
 */
export class ChannelTurns {
  /** destination → channel → monotonic time before which it sends nothing more. */
  private readonly freeAt = new Map<string, Map<string, number>>();

  /** Resolves once the channel may send. */
  async waitFor(destination: string, channel: string): Promise<void> {
    const wait = this.turnIn(destination, channel);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  /** The channel just sent: it may send again in `ms`. */
  hold(destination: string, channel: string, ms: number): void {
    let channels = this.freeAt.get(destination);
    if (!channels) this.freeAt.set(destination, (channels = new Map()));
    channels.set(channel, performance.now() + ms);
  }

  /** How long until the channel may send, in ms (0: now). */
  turnIn(destination: string, channel: string): number {
    return Math.max(0, (this.freeAt.get(destination)?.get(channel) ?? 0) - performance.now());
  }

  /**
   * Per destination, up to `max` channels whose turn is more than `withinMs` away (a
   * statement takes only so many parameters); channels free again are forgotten.
   */
  later(max: number, withinMs: number): Map<string, string[]> {
    const now = performance.now();
    const later = new Map<string, string[]>();
    for (const [destination, channels] of this.freeAt) {
      const list: string[] = [];
      for (const [channel, at] of channels) {
        if (at <= now) channels.delete(channel);
        else if (at > now + withinMs && list.length < max) list.push(channel);
      }
      if (list.length > 0) later.set(destination, list);
    }
    return later;
  }
}
