import { describe, expect, it } from 'vitest';
import { createDelivery, type DeliveryOptions, type NotificationOutbox, type Outcome, type OutboxEntry } from './delivery';
import { batchOf, breachAlert } from './fixtures';
import { ChannelError, type Channel, type NotificationBatch } from './types';

/** An in-memory outbox that logs every call in order, as the store's table would see them. */
function memoryOutbox(kept: OutboxEntry[] = []) {
  const rows = new Map(kept.map((e) => [e.id, { ...e }]));
  const calls: string[] = [];
  let next = Math.max(0, ...kept.map((e) => e.id)) + 1;
  let refuse = false;
  const outbox: NotificationOutbox = {
    add(e) {
      if (refuse) throw new Error('the store cannot write');
      const id = next++;
      rows.set(id, { id, attempt: 0, ...e });
      calls.push(`add ${id} ${e.groupKey}`);
      return id;
    },
    attempted(id, attempt, at) { const r = rows.get(id); if (r) Object.assign(r, { attempt, nextAttemptAt: at }); calls.push(`attempted ${id} ${attempt}`); },
    remove(id) { rows.delete(id); calls.push(`remove ${id}`); },
    pending: () => [...rows.values()].sort((a, b) => a.id - b.id),
  };
  return { outbox, rows, calls, refuse: () => { refuse = true; } };
}

type Step = () => Promise<void>;
const ok: Step = async () => {};
const fail500: Step = async () => { throw new ChannelError('HTTP 500', true, 500); };
const permanent: Step = async () => { throw new ChannelError('HTTP 400', false, 400); };

function channel(id: string, steps: Step[], log: string[]) {
  let n = 0;
  const c: Channel = { id, kind: 'test', timeoutMs: 1_000, send: (batch) => { log.push(`send ${batch.group_key}`); return steps[Math.min(n++, steps.length - 1)]!(); } };
  return c;
}

function harness(channels: Channel[], outbox: NotificationOutbox, over: Partial<DeliveryOptions> = {}) {
  const outcomes: [string, Outcome, number, string | undefined][] = [];
  const silent = { info: () => {}, warn: () => {}, error: () => {} };
  const delivery = createDelivery({ channels, outbox, log: silent, retry: { attempts: 4, baseMs: 4, maxMs: 20 }, random: () => 0,
    onOutcome: (c, outcome, info) => outcomes.push([c, outcome, info.attempt, info.error]), ...over });
  return { delivery, outcomes };
}

const batch = (receiver: string, group: string): NotificationBatch => batchOf([breachAlert()], { receiver, group_key: group });
const entry = (id: string | number, over: Partial<OutboxEntry> = {}): OutboxEntry =>
  ({ id: Number(id), channel: 'hook', groupKey: `g${id}`, payload: batch('hook', `g${id}`), attempt: 0, nextAttemptAt: 0, createdAt: 0, ...over });

describe('delivery with an outbox', () => {
  it('keeps a batch before its first try, records each failed try, and forgets it once sent', async () => {
    const log: string[] = [];
    const box = memoryOutbox();
    box.calls.push = (...a: string[]) => log.push(...a); // one log for the outbox and the channel, in order
    const { delivery, outcomes } = harness([channel('hook', [fail500, fail500, ok], log)], box.outbox);
    delivery.deliver(batch('hook', 'g1'));
    await delivery.idle();
    expect(log).toEqual(['add 1 g1', 'send g1', 'attempted 1 1', 'send g1', 'attempted 1 2', 'send g1', 'remove 1']);
    expect(outcomes.map((o) => o[1])).toEqual(['retry', 'retry', 'sent']);
    expect(box.rows.size).toBe(0);
  });

  it('forgets a batch that fails for good (a permanent error, the last try, a full queue)', async () => {
    const log: string[] = [];
    const box = memoryOutbox();
    const { delivery } = harness([channel('a', [permanent], log), channel('b', [fail500], log)], box.outbox);
    delivery.deliver(batch('a', 'ga'));
    delivery.deliver(batch('b', 'gb'));
    await delivery.idle();
    expect(box.calls.filter((c) => c.startsWith('remove')).sort()).toEqual(['remove 1', 'remove 2']);

    let release = () => {};
    const gate = new Promise<void>((r) => { release = r; });
    const full = harness([channel('c', [() => gate, ok], log)], box.outbox, { maxQueue: 1 });
    full.delivery.deliver(batch('c', 'c1'));
    full.delivery.deliver(batch('c', 'c2'));
    full.delivery.deliver(batch('c', 'c3')); // c2 dropped
    expect(box.calls.slice(-2)).toEqual(['add 5 c3', 'remove 4']);
    release();
    await full.delivery.idle();
    expect(box.rows.size).toBe(0);
  });

  it('at a start sends what the outbox kept, each once, going on from the tries it had; a gone channel\'s batch is dropped', async () => {
    const log: string[] = [];
    const box = memoryOutbox([entry(7, { attempt: 2, groupKey: 'g7', nextAttemptAt: Date.now() + 30 }), entry(8), entry(9, { channel: 'gone' })]);
    const { delivery, outcomes } = harness([channel('hook', [ok], log)], box.outbox);
    expect(box.calls).toEqual(['remove 9']);
    await delivery.idle();
    expect(log).toEqual(['send g7', 'send g8']); // in their order, each once
    expect(outcomes).toEqual([['hook', 'sent', 3, undefined], ['hook', 'sent', 1, undefined]]);
    expect(box.rows.size).toBe(0);
  });

  it('a kept batch waits until its next try is due', async () => {
    const log: string[] = [];
    const due = Date.now() + 80;
    const box = memoryOutbox([entry(1, { attempt: 1, nextAttemptAt: due })]);
    const sent: number[] = [];
    const c = channel('hook', [ok], log);
    const send = c.send.bind(c);
    c.send = (b, s) => { sent.push(Date.now()); return send(b, s); };
    const { delivery } = harness([c], box.outbox);
    await delivery.idle();
    expect(sent[0]).toBeGreaterThanOrEqual(due - 5);
  });

  it('on close keeps what waits and what waits for a retry in the outbox (sent after the next start)', async () => {
    const log: string[] = [];
    const box = memoryOutbox();
    const { delivery, outcomes } = harness([channel('hook', [fail500], log)], box.outbox, { retry: { attempts: 5, baseMs: 60_000, maxMs: 60_000 } });
    delivery.deliver(batch('hook', 'g1'));
    delivery.deliver(batch('hook', 'g2'));
    await new Promise((r) => setTimeout(r, 20)); // g1 failed once and waits a minute
    await delivery.close();
    expect(box.outbox.pending().map((e) => [e.groupKey, e.attempt])).toEqual([['g1', 1], ['g2', 0]]);
    expect(box.calls.some((c) => c.startsWith('remove'))).toBe(false);
    expect(outcomes.filter((o) => o[1] === 'failed').map((o) => o[3])).toEqual([
      'delivery closed before sending; kept in the outbox for the next start', 'delivery closed before sending; kept in the outbox for the next start']);
  });

  it('a batch the outbox cannot keep (the store cannot write) is still sent, from memory', async () => {
    const log: string[] = [];
    const box = memoryOutbox();
    box.refuse();
    const { delivery, outcomes } = harness([channel('hook', [ok], log)], box.outbox);
    delivery.deliver(batch('hook', 'g1'));
    await delivery.idle();
    expect(outcomes).toEqual([['hook', 'sent', 1, undefined]]);
    expect(box.calls).toEqual([]);
  });
});
