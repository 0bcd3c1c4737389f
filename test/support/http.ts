/** A small HTTP client for tests: real requests against a platform's gateway. */
export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null when the response is not JSON. */
  body: T;
  text: string;
}

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
}

export function client(api: string) {
  return async function call<T = Record<string, unknown>>(
    method: string,
    route: string,
    body?: unknown,
    opts: CallOptions = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const res = await fetch(`${api}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const isJson = /json/.test(res.headers.get('content-type') ?? '');
    return { status: res.status, headers: res.headers, body: (isJson && text ? JSON.parse(text) : null) as T, text };
  };
}

export type Call = ReturnType<typeof client>;
