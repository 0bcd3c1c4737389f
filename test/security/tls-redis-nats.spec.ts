import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Redis from 'ioredis';
import { ServiceBroker } from 'moleculer';
import { loadConfig } from '../../config/config';
import { createWindowCounter } from '../../mixins/counters/counter.factory';
import { redisOptions } from '../../mixins/counters/redis-options';
import { JetStreamBus } from '../../mixins/messaging/jetstream-bus';
import type { EventEnvelope } from '../../mixins/messaging/messaging.types';
import { connectNats, natsTls } from '../../mixins/messaging/nats-tls';
import { requireOrSkip } from '../support/engine-harness';
import { eventually } from '../support/eventually';
import { privateNats, privateRedis, privateServersReason, type PrivateServer } from '../support/private-servers';
import { portReason } from '../support/servers';
import { makeTestPki, pkiReason, type TestPki } from '../support/tls-certs';

/**
 * Redis and NATS (the transporter and the JetStream bus) over TLS, each a TLS-only server of the
 * test's own with a throwaway CA. The certificate names `localhost` only, so the clients also check
 * the host name.
 */
let ready = false;
let pki: TestPki;
let redis: PrivateServer;
let nats: PrivateServer;
const ns = `tls${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  ready = requireOrSkip(privateServersReason() ?? pkiReason(), 'Redis and NATS over TLS');
  if (!ready) return;
  pki = makeTestPki();
  [redis, nats] = await Promise.all([privateRedis(pki), privateNats(pki)]);
}, 60_000);

afterAll(async () => {
  await Promise.all([redis?.destroy(), nats?.destroy()]);
  pki?.remove();
});

const rediss = () => `rediss://localhost:${redis.port}`;
const natsTlsUrl = () => `tls://localhost:${nats.port}`;

describe('Redis over TLS', () => {
  it('counts through the counter factory, configured by REDIS_URL rediss:// and REDIS_CA_FILE', async () => {
    if (!ready) return;
    const counter = createWindowCounter(
      loadConfig({ REDIS_URL: rediss(), REDIS_CA_FILE: pki.caFile, COUNTER_STORE: 'redis' }),
      ns,
    );
    try {
      // Counters fail open (a count of 1) while Redis is unreachable: 2 proves the second hit reached it.
      await counter.hit('k', 60_000);
      expect((await counter.hit('k', 60_000)).count).toBe(2);
    } finally {
      await counter.close();
    }
  });

  it('refuses a server the CA did not sign, and a server whose certificate names another host', async () => {
    if (!ready) return;
    /** 'connected', or what the client reported: ioredis only rejects with "Connection is closed", the cause goes to 'error'. */
    const attempt = async (url: string, ca: string): Promise<string> => {
      const client = new Redis({ ...redisOptions({ url, ca }), lazyConnect: true, retryStrategy: () => null });
      let cause = 'no error reported';
      client.on('error', (err: Error) => (cause = err.message));
      try {
        await client.connect();
        return 'connected';
      } catch {
        return cause;
      } finally {
        client.disconnect();
      }
    };
    const [ca, other] = [pki.caFile, pki.otherCaFile].map((f) => readFileSync(f, 'utf8'));
    expect(await attempt(rediss(), other)).toMatch(
      /self-signed certificate in certificate chain|unable to verify the first certificate/,
    );
    expect(await attempt(`rediss://127.0.0.1:${redis.port}`, ca)).toMatch(/does not match certificate's altnames/);
    expect(await attempt(rediss(), ca)).toBe('connected');
  });
});

describe('NATS over TLS', () => {
  const envelope = (): EventEnvelope => ({
    id: randomUUID(),
    event: 'tls.checked',
    occurredAt: Date.now(),
    source: 'test',
    data: {},
  });

  it('carries JetStream events with a tls:// URL and NATS_TLS_CA_FILE', async () => {
    if (!ready) return;
    const url = natsTlsUrl();
    const bus = new JetStreamBus({ url, tls: natsTls(url, { caFile: pki.caFile }) }, ns);
    const seen: string[] = [];
    try {
      const sub = await bus.subscribe('tls-test', 'tls.checked', async (e) => void seen.push(e.id));
      const sent = envelope();
      await bus.publish(sent);
      await eventually(async () => seen.length > 0);
      expect(seen).toEqual([sent.id]);
      await sub.stop();
    } finally {
      await bus.close();
    }
  });

  it('refuses a server the CA did not sign; with a CA file, refuses a server without TLS', async () => {
    if (!ready) return;
    const url = natsTlsUrl();
    await expect(connectNats({ url, tls: natsTls(url, { caFile: pki.otherCaFile }) }, 'tls-test')).rejects.toThrow(
      /unable to verify the first certificate|certificate/,
    );
    // The machine's shared NATS speaks plaintext: a client given a CA file must not fall back to it.
    if ((await portReason(4222, 'NATS')) !== null) return;
    const plain = 'nats://127.0.0.1:4222';
    await expect(connectNats({ url: plain, tls: natsTls(plain, { caFile: pki.caFile }) }, 'tls-test')).rejects.toThrow(/tls/i);
  });

  it('joins brokers through the Moleculer NATS transporter with the same tls option', async () => {
    if (!ready) return;
    const url = natsTlsUrl();
    const transporter = { type: 'NATS' as const, options: { url, tls: natsTls(url, { caFile: pki.caFile }) } };
    const make = (id: string) => new ServiceBroker({ namespace: ns, nodeID: `${ns}-${id}`, transporter, logger: false });
    const [server, client] = [make('server'), make('client')];
    server.createService({ name: 'echo', actions: { say: (ctx) => `tls:${(ctx.params as { word: string }).word}` } });
    try {
      await Promise.all([server.start(), client.start()]);
      await client.waitForServices(['echo'], 10_000);
      expect(await client.call('echo.say', { word: 'hello' })).toBe('tls:hello');
    } finally {
      await Promise.all([client.stop(), server.stop()]);
    }
  });
});
