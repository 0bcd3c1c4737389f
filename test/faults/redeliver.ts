import { connect, headers } from 'nats';

/**
 * Delivers every business event of a namespace once more: each message of its `<ns>_EVENTS_*`
 * streams (not the dead-letter stream) is published again under a new message id, so the server's
 * duplicate window does not drop it and every durable consumer receives the same envelope twice —
 * what an at-least-once relay does after a crash between publishing and marking the row sent.
 * Returns how many messages were published again.
 */
export async function redeliverAll(natsUrl: string, namespace: string): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    const js = nc.jetstream();
    let count = 0;
    for await (const info of jsm.streams.list()) {
      const name = info.config.name;
      if (!name.startsWith(`${namespace}_EVENTS_`) || name.endsWith('_DLQ')) continue;
      const last = info.state.last_seq;
      for (let seq = info.state.first_seq; seq <= last && seq > 0; seq++) {
        const msg = await jsm.streams.getMessage(name, { seq }).catch(() => null);
        if (!msg) continue;
        const h = headers();
        h.set('Nats-Msg-Id', `again-${name}-${seq}`);
        await js.publish(msg.subject, msg.data, { headers: h });
        count++;
      }
    }
    return count;
  } finally {
    await nc.close();
  }
}

/** Waits until every durable consumer of the namespace has nothing pending or unacknowledged. */
export async function consumersDrained(natsUrl: string, namespace: string, timeoutMs: number): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  const deadline = Date.now() + timeoutMs;
  try {
    const jsm = await nc.jetstreamManager();
    for (;;) {
      let backlog = 0;
      for await (const s of jsm.streams.list()) {
        if (!s.config.name.startsWith(`${namespace}_EVENTS_`)) continue;
        for await (const c of jsm.consumers.list(s.config.name)) backlog += c.num_pending + c.num_ack_pending;
      }
      if (backlog === 0) return;
      if (Date.now() > deadline) throw new Error(`consumers still have ${backlog} messages after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await nc.close();
  }
}
