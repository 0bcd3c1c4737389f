import { explainTlsFailure, postgresTls, sslModeOf } from './postgres.tls';

const URL_ = 'postgres://shop:pw@db.internal:5432/shop_orders';
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('postgresTls: libpq sslmode semantics as pg options', () => {
  it('keeps plaintext (ssl false, so PGSSLMODE cannot switch it behind config) without sslmode or with disable', () => {
    expect(postgresTls(URL_)).toEqual({ url: URL_, ssl: false });
    expect(postgresTls(`${URL_}?sslmode=disable`)).toEqual({ url: URL_, ssl: false });
  });

  it('verify-full verifies the chain (against the CA when given) and the host name', () => {
    const { url, ssl } = postgresTls(`${URL_}?sslmode=verify-full&application_name=x`, CA);
    // sslmode leaves the URL: pg would let the URL's SSL settings replace the ssl option.
    expect(url).toBe(`${URL_}?application_name=x`);
    expect(ssl).toEqual({ ca: CA, rejectUnauthorized: true });
    expect(postgresTls(`${URL_}?sslmode=verify-full`).ssl).toEqual({ rejectUnauthorized: true });
  });

  it('verify-ca verifies the chain but not the host name', () => {
    const { ssl } = postgresTls(`${URL_}?sslmode=verify-ca`, CA);
    expect(ssl).toMatchObject({ ca: CA });
    expect(ssl && ssl.rejectUnauthorized).not.toBe(false);
    expect(ssl && ssl.checkServerIdentity!('db.internal', {} as never)).toBeUndefined();
  });

  it('require encrypts without verifying, unless a CA is given (then it is verify-ca, as in libpq)', () => {
    expect(postgresTls(`${URL_}?sslmode=require`).ssl).toEqual({ rejectUnauthorized: false });
    const withCa = postgresTls(`${URL_}?sslmode=require`, CA).ssl;
    expect(withCa).toMatchObject({ ca: CA });
    expect(withCa && withCa.rejectUnauthorized).not.toBe(false);
  });

  it.each([
    ['sslmode=prefer', /a URL whose sslmode is one of disable, require, verify-ca, verify-full/],
    ['sslmode=no-verify', /sslmode is one of/],
    ['sslrootcert=/etc/ca.pem', /a URL without sslrootcert \(give the CA in POSTGRES_CA_FILE\)/],
    ['ssl=true', /a URL without ssl \(/],
  ])('refuses %s, naming what to do', (query, message) => {
    expect(() => sslModeOf(`${URL_}?${query}`)).toThrow(message);
  });
});

describe('explainTlsFailure', () => {
  it('names the settings to check when the certificate is refused, keeping Node’s words', () => {
    const err = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(String(explainTlsFailure(err))).toMatch(
      /TLS certificate was refused \(self-signed certificate in certificate chain\): check POSTGRES_CA_FILE and the host name/,
    );
  });

  it('says when the server has no TLS at all', () => {
    expect(String(explainTlsFailure(new Error('The server does not support SSL connections')))).toMatch(
      /PostgreSQL does not offer TLS, but POSTGRES_URL asks for it/,
    );
  });

  it('passes any other error through untouched', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(explainTlsFailure(err)).toBe(err);
    expect(explainTlsFailure(undefined)).toBeUndefined();
  });
});
