import { responseProblems } from './api-contract';

/**
 * A small HTTP client for tests: real requests against a platform's gateway. Every answer is held
 * to the gateway's OpenAPI document (status documented, JSON body matching its schema); a mismatch
 * fails the call, so each suite using this client also proves the document true.
 */
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
  /** Skip the check against the API document (only for requests that are deliberately not API calls). */
  unchecked?: boolean;
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
    const contentType = res.headers.get('content-type') ?? '';
    const isJson = /json/.test(contentType);
    const parsed = (isJson && text ? JSON.parse(text) : null) as T;
    if (!opts.unchecked) {
      const problems = await responseProblems(api, method, route, res.status, contentType, isJson ? parsed : text);
      if (problems.length) throw new Error(`The response does not match the API document: ${problems.join('; ')}`);
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
}

export type Call = ReturnType<typeof client>;
