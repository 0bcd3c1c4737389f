import type { Call } from '../support/http';

export interface ListedPage {
  rows: { id: string; name: string; slug: string; variants: { sku: string; price: { amount: number } | null }[] }[];
  total: number;
}

/**
 * The listing (and search) is a read model that follows catalog writes within about a second: a
 * test that wrote and now lists polls until the page shows what it wrote (`ready`), with a deadline,
 * and returns that page. The deadline only bounds a failure; nothing here asserts how fast (the
 * bench measures lag). It is generous because a freshly seeded embedded shop still projects its
 * seed's stock events when the story writes, and CI runs suites side by side on two cores.
 */
export async function untilListed<P extends ListedPage = ListedPage>(
  call: Call,
  path: string,
  ready: (page: P) => boolean,
  deadlineMs = 60_000,
): Promise<P> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const res = await call<P>('GET', path);
    if (res.status === 200 && ready(res.body)) return res.body;
    if (Date.now() > deadline)
      throw new Error(
        `GET ${path} never showed what was written within ${deadlineMs} ms; last: ${res.status} ${res.text.slice(0, 500)}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}
