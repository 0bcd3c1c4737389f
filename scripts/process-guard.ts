let installed = false;

/**
 * A promise nobody awaited that rejects would, by Node's default, end the process and every
 * service in it. Such a rejection is a bug to fix, not a reason to drop every request in flight:
 * it is logged (type and message only, never the stack's data) and the node keeps serving.
 * Uncaught exceptions keep Node's default (exit, and the supervisor restarts the node), because
 * a throw can leave state half-changed.
 */
export function guardRejections(logger: { error(message: string): void }): void {
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', (reason) => {
    const err = reason instanceof Error ? reason : new Error(String(reason));
    logger.error(`Unhandled rejection (kept running): ${err.name}: ${err.message}`);
  });
}
