/** Sagas waiting to retry, by id: each can be woken early (a newer driver took it, the node stops, a participant came back). */
export class Sleepers {
  private readonly waiting = new Map<string, () => void>();

  sleep(id: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.waiting.get(id) === done) this.waiting.delete(id);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiting.set(id, done);
    });
  }

  wake(id: string): void {
    this.waiting.get(id)?.();
  }

  /** Wakes every waiting saga. */
  wakeAll(): void {
    for (const wake of [...this.waiting.values()]) wake();
  }
}
