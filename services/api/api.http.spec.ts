import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientIp, guarded, paramsFromOneSource } from './api.http';

const req = (xff: string | string[] | undefined, socket = '10.0.0.5', method = 'GET') =>
  ({
    method,
    headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
    socket: { remoteAddress: socket },
  }) as unknown as IncomingMessage;

describe('clientIp', () => {
  it('takes the socket address unless proxies are trusted', () => {
    expect(clientIp(req('198.51.100.1'), 0)).toBe('10.0.0.5');
    expect(clientIp(req(undefined), 1)).toBe('10.0.0.5');
  });

  it('counts trusted hops from the right, so entries a client writes on the left are ignored', () => {
    expect(clientIp(req('203.0.113.9'), 1)).toBe('203.0.113.9');
    expect(clientIp(req('1.1.1.1, 203.0.113.9'), 1)).toBe('203.0.113.9');
    expect(clientIp(req(['1.1.1.1, 2.2.2.2', '203.0.113.9']), 1)).toBe('203.0.113.9');
    expect(clientIp(req('1.1.1.1, 203.0.113.9, 192.0.2.1'), 2)).toBe('203.0.113.9');
    // Fewer entries than hops: each was appended by a trusted proxy.
    expect(clientIp(req('203.0.113.9'), 3)).toBe('203.0.113.9');
    expect(clientIp(req('2001:db8::1'), 1)).toBe('2001:db8::1');
  });

  it('falls back to the socket when the chosen entry is not an address', () => {
    expect(clientIp(req('203.0.113.9, not-an-ip'), 1)).toBe('10.0.0.5');
    expect(clientIp(req(' , '), 1)).toBe('10.0.0.5');
  });
});

describe('paramsFromOneSource', () => {
  const run = (method: string, query: object, body?: unknown) => {
    let out: unknown = 'not called';
    const r = Object.assign(req(undefined, undefined, method), { query, body });
    paramsFromOneSource(r, {} as ServerResponse, (err) => (out = err));
    return out as { code?: number; type?: string; message?: string } | undefined;
  };

  it('refuses a query string on writes, naming its keys', () => {
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE'])
      expect(run(m, { email: 'a', password: 'b' })).toMatchObject({ code: 400, type: 'QUERY_NOT_ALLOWED' });
    expect(run('POST', { 'pa"ss\n': 'x' })?.message).toContain('pa?ss?');
    expect(run('POST', {}, { a: 1 })).toBeUndefined();
  });

  it('refuses a body on reads', () => {
    expect(run('GET', { q: 'x' }, { limit: 1 })).toMatchObject({ code: 400, type: 'BODY_NOT_ALLOWED' });
    expect(run('GET', { q: 'x' }, undefined)).toBeUndefined();
    expect(run('GET', {}, {})).toBeUndefined();
  });
});

describe('guarded', () => {
  it('turns a synchronous throw into the request’s error, once', () => {
    const errors: unknown[] = [];
    guarded(() => {
      throw new RangeError('Maximum call stack size exceeded');
    })(req(undefined), {} as ServerResponse, (err) => errors.push(err));
    expect(errors).toEqual([expect.any(RangeError)]);
    const calls: unknown[] = [];
    guarded((_q, _s, next) => {
      next();
      throw new Error('after next');
    })(req(undefined), {} as ServerResponse, (err) => calls.push(err));
    expect(calls).toEqual([undefined]);
  });
});
