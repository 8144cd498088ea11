/** Resolves once SIGTERM or SIGINT has stopped the service gracefully. */
export function untilSignal(stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const shutdown = () => { void stop().then(resolve); };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
}
