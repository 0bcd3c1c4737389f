/**
 * At most this many usage changes run at once per node. A promotion's counter row serialises its
 * writers anyway; more in flight only hold pool connections while they queue, starving every other
 * request (and a store whose transactions share pooled connections can deadlock on it).
 */
const IN_FLIGHT = 16;
export class Gate {
  private free = IN_FLIGHT;
  private readonly waiting: (() => void)[] = [];
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((go) => this.waiting.push(go));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
