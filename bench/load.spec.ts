import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpLoad, percentile, runConcurrent, summarize } from './load';

describe('bench load: percentile math', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('uses the nearest rank: the smallest value with at least p% at or below it', () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 100)).toBe(100);
    expect(percentile(oneToHundred, 0.5)).toBe(1);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 51)).toBe(3);
    expect(percentile([7], 99)).toBe(7);
  });

  it('has no percentile of nothing and refuses ranks outside (0, 100]', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('summarizes unsorted latencies numerically (not as strings) with throughput over the wall time', () => {
    const s = summarize([10, 9, 100, 2, 1], 500);
    expect(s).toEqual({ count: 5, throughput: 10, p50: 9, p99: 100, max: 100, elapsedMs: 500 });
    // A one-in-a-hundred outlier is the p100, not the p99.
    const tail = summarize([...Array.from({ length: 99 }, () => 1), 50], 1000);
    expect([tail.p50, tail.p99, tail.max]).toEqual([1, 1, 50]);
  });
});

describe('bench load: runners stop at their bound', () => {
  it('runConcurrent runs every operation once, never more than `concurrency` at a time, and counts outcomes', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen = new Set<number>();
    const result = await runConcurrent(50, 7, async (i) => {
      seen.add(i);
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      if (i % 10 === 0) throw new Error('boom');
      return i % 2 ? 'odd' : 'even';
    });
    expect(seen.size).toBe(50);
    expect(peak).toBe(7);
    expect(result.count).toBe(50);
    expect(result.outcomes).toEqual({ error: 5, odd: 25, even: 20 });
    expect(result.errors).toEqual(['boom']);
  });

  it('httpLoad sends exactly the requested count over keep-alive connections and counts statuses', async () => {
    const sockets = new Set<unknown>();
    let requests = 0;
    const server = http.createServer((req, res) => {
      sockets.add(req.socket);
      res.statusCode = ++requests % 4 === 0 ? 503 : 200;
      res.end('hello');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await httpLoad({ url: `http://127.0.0.1:${port}/`, connections: 4, requests: 200, maxDurationMs: 10_000 });
      expect(result.count).toBe(200);
      expect(requests).toBe(200);
      expect(result.statuses).toEqual({ 200: 150, 503: 50 });
      expect(result.failures).toBe(50);
      expect(result.bytesPerResponse).toBe(5);
      expect(sockets.size).toBeLessThanOrEqual(4);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
