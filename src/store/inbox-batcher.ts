import type { Kysely } from 'kysely';
import { storeDelivery, type ReceivedDelivery } from './inbox.js';
import type { Database } from './schema.js';

interface Waiting {
  delivery: ReceivedDelivery;
  resolve: (result: 'stored' | 'duplicate') => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the webhook intake: deliveries that arrive while a commit is in
 * progress are written together in the next transaction, so a burst costs one disk
 * flush per batch instead of one per delivery. Each caller's promise settles only
 * after its batch is committed: nothing is acknowledged before it is durable. If the
 * batch fails (on PostgreSQL one bad row aborts the whole transaction), each of its
 * deliveries is tried again in a transaction of its own, so one delivery's problem
 * stays its own and the others are stored and acknowledged.
 */
export class InboxBatcher {
  private waiting: Waiting[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly db: Kysely<Database>, private readonly maxBatch = 256) {}

  store(delivery: ReceivedDelivery): Promise<'stored' | 'duplicate'> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ delivery, resolve, reject });
      if (!this.flushing) this.flushing = this.flush();
    });
  }

  private async flush(): Promise<void> {
    // Let the requests already read in this turn of the event loop join the batch.
    await new Promise((r) => setImmediate(r));
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        const results = await this.storeAll(batch);
        batch.forEach((w, i) => w.resolve(results[i]!));
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        else for (const w of batch) await this.storeAll([w]).then(([r]) => w.resolve(r!), w.reject);
      }
    }
    this.flushing = null;
  }

  private storeAll(batch: readonly Waiting[]): Promise<('stored' | 'duplicate')[]> {
    return this.db.transaction().execute(async (trx) => {
      const out: ('stored' | 'duplicate')[] = [];
      for (const w of batch) out.push(await storeDelivery(trx, w.delivery));
      return out;
    });
  }
}
