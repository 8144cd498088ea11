import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** Names this process among replicas in claims, leases and logs: host, pid and a random suffix, unique even across restarts. */
export function replicaId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}
