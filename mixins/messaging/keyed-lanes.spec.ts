import { KeyedLanes } from './keyed-lanes';

/** A task that records when it starts and ends and finishes when told to. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return {
    open,
    task: async () => {
      log.push(`start ${name}`);
      await opened;
      log.push(`end ${name}`);
    },
  };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedLanes', () => {
  it('runs different keys side by side and the same key one after the other, in admission order', async () => {
    const log: string[] = [];
    const lanes = new KeyedLanes(8, () => undefined);
    const a1 = gate(log, 'a1');
    const a2 = gate(log, 'a2');
    const b1 = gate(log, 'b1');
    await lanes.admit('a', a1.task);
    await lanes.admit('a', a2.task);
    await lanes.admit('b', b1.task);
    await tick();
    expect(log).toEqual(['start a1', 'start b1']);
    a2.open(); // finishing early changes nothing: a2 has not started
    b1.open();
    await tick();
    expect(log).toEqual(['start a1', 'start b1', 'end b1']);
    a1.open();
    await lanes.drain();
    expect(log).toEqual(['start a1', 'start b1', 'end b1', 'end a1', 'start a2', 'end a2']);
    expect(lanes.size).toBe(0);
  });

  it('admits no more than the limit at once: admit waits for a slot', async () => {
    const log: string[] = [];
    const lanes = new KeyedLanes(2, () => undefined);
    const gates = ['x', 'y', 'z'].map((k) => gate(log, k));
    await lanes.admit('x', gates[0].task);
    await lanes.admit('y', gates[1].task);
    let third = false;
    const admitted = lanes.admit('z', gates[2].task).then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    expect(lanes.size).toBe(2);
    gates[1].open();
    await admitted;
    await tick();
    expect(log).toEqual(['start x', 'start y', 'end y', 'start z']);
    gates[0].open();
    gates[2].open();
    await lanes.drain();
    expect(log.filter((l) => l.startsWith('end'))).toHaveLength(3);
  });

  it('a failing task is reported and does not stop the tasks queued behind it on its key', async () => {
    const errors: unknown[] = [];
    const lanes = new KeyedLanes(4, (err) => errors.push(err));
    const ran: string[] = [];
    await lanes.admit('k', async () => {
      throw new Error('boom');
    });
    await lanes.admit('k', async () => void ran.push('second'));
    await lanes.drain();
    expect(errors).toEqual([new Error('boom')]);
    expect(ran).toEqual(['second']);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new KeyedLanes(0, () => undefined)).toThrow(/positive integer/);
    expect(() => new KeyedLanes(1.5, () => undefined)).toThrow(/positive integer/);
  });
});
