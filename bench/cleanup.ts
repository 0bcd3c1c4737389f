import { spawnBench } from './children';
import { dropDatabases } from '../test/support/platform';

/**
 * Drops the databases of a bench node's store prefix. A node drops its own when it stops; this is
 * for a node that had to be killed, so a failed run leaves nothing on the server either.
 */
export { dropDatabases };

/**
 * Runs a node that reports its store prefix, then one result, and stops when its stdin closes
 * (promotions, shipping); whatever it leaves behind is dropped.
 */
export async function resultOfNode<T>(script: string, args: string[], log: (line: string) => void): Promise<T> {
  const node = spawnBench(script, args, {}, true);
  let prefix: string | undefined;
  try {
    ({ prefix } = await node.next<{ prefix: string }>(120_000));
    return await node.next<T>(600_000);
  } finally {
    await node.stop();
    const left = prefix ? await dropDatabases(prefix) : 0;
    if (left) log(`  dropped ${left} database(s) the node left behind (${prefix})`);
  }
}
