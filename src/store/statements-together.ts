/**
 * Statements sent on one transaction without waiting for each other's answers, so the
 * database works while JavaScript goes on (a sweep decides its next changes while the
 * last ones are written). The body's own awaited statements queue behind them in order.
 *
 * Returns only once every statement sent has finished, then throws the first failure:
 * the transaction must not end while statements still wait their turn on its
 * connection (kysely sends the rollback to the connection directly; they would run
 * after it, outside any transaction). A statement's failure is held, not reported as
 * unhandled, until then.
 */
export async function statementsTogether<T>(body: (send: <S>(statement: Promise<S>) => Promise<S>) => Promise<T>): Promise<T> {
  const sent: Promise<unknown>[] = [];
  const send = <S>(statement: Promise<S>): Promise<S> => {
    statement.catch(() => {});
    sent.push(statement);
    return statement;
  };
  let result: T;
  try {
    result = await body(send);
  } catch (error) {
    await Promise.allSettled(sent);
    throw error;
  }
  const failed = (await Promise.allSettled(sent)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return result;
}

/**
 * Resolves once the statement sent after `previous` on the same transaction has gone out
 * (`previous` may be several statements queued at once: then the one sent after them).
 * A transaction's statements go out one at a time, each only when the one before has
 * answered and the event loop has turned, so JavaScript that holds the loop (hashing,
 * say) holds back the next statement too; await this first to let the database work
 * meanwhile. Resolves to whether `previous` succeeded (its failure is for
 * statementsTogether to report).
 */
export async function followingStatementSent(previous: Promise<unknown>): Promise<boolean> {
  const succeeded = await previous.then(() => true, () => false);
  await new Promise((resolve) => setImmediate(resolve));
  return succeeded;
}
