import type { Service, ServiceSchema } from 'moleculer';

export interface PeriodicTask<S> {
  /** Milliseconds between passes; read when the service starts, so it may come from config(). */
  everyMs: () => number;
  /** Skip the timer entirely (the engine does the job itself, or it is switched off). */
  skip?: (this: S) => boolean;
  run(this: S): Promise<unknown>;
}

type Vars = { periodic?: Map<string, { timer?: NodeJS.Timeout; running?: Promise<unknown> }> };

/**
 * A background job of a service (sweeps, purges, resumers): one pass at a time per node (other
 * nodes may run theirs alongside, so a pass must be safe to race), failures logged and retried
 * at the next tick, the timer never keeping the process alive, and `stopped` waiting for the
 * pass in hand. A service may mix in several, by name.
 */
export function PeriodicMixin<S extends Service>(name: string, task: PeriodicTask<S>): Partial<ServiceSchema> {
  const state = (svc: S & Vars) => {
    svc.periodic ??= new Map();
    let s = svc.periodic.get(name);
    if (!s) svc.periodic.set(name, (s = {}));
    return s;
  };
  return {
    started(this: S & Vars) {
      if (task.skip?.call(this)) return;
      const s = state(this);
      const pass = () => {
        s.running ??= task.run
          .call(this)
          .catch((err: Error) => this.logger.warn(`${name}: ${err.message}`))
          .finally(() => (s.running = undefined));
      };
      s.timer = setInterval(pass, task.everyMs()).unref();
    },
    stopped(this: S & Vars) {
      return stopPeriodic(this, name);
    },
  } as Partial<ServiceSchema>;
}

/**
 * Stops a job and waits for its pass in hand; idempotent. A mixin that a job depends on calls it
 * in its own `stopped` (a store must not disconnect under a running purge).
 */
export async function stopPeriodic(svc: Service, name: string): Promise<void> {
  const s = (svc as Service & Vars).periodic?.get(name);
  if (!s) return;
  clearInterval(s.timer);
  await s.running;
}
