import { readFileSync } from 'node:fs';

/**
 * Where a run's time goes on Linux (/proc): the CPU seconds a process used, and how busy the whole
 * machine was, between two samples. Null elsewhere or when the process is gone.
 */

const TICKS_PER_S = 100;

/** User + system CPU seconds of `pid` so far. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return null;
  }
}

/** Busy and total jiffies of every core together. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = cpu[3] + (cpu[4] ?? 0);
    const total = cpu.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

export interface CpuUse {
  /** CPU seconds of the process per wall second: 1 = one core busy all the time. */
  processCores: number | null;
  /** Share of all cores busy (every process), 0..1. */
  machineBusy: number | null;
}

/** Starts a sample; the returned function ends it. */
export function sampleCpu(pid: number): () => CpuUse {
  const t0 = performance.now();
  const p0 = cpuSecondsOf(pid);
  const m0 = machineTicks();
  return () => {
    const wall = (performance.now() - t0) / 1000;
    const p1 = cpuSecondsOf(pid);
    const m1 = machineTicks();
    return {
      processCores: p0 === null || p1 === null || wall <= 0 ? null : (p1 - p0) / wall,
      machineBusy: m0 && m1 && m1.total > m0.total ? (m1.busy - m0.busy) / (m1.total - m0.total) : null,
    };
  };
}
