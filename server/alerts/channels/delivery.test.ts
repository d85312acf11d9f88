import { describe, expect, it } from 'vitest';
import { backoffMs, createDelivery, type DeliveryOptions, type Outcome, type OutcomeInfo } from './delivery';
import { batchOf, breachAlert, fakeFetch } from './fixtures';
import { ChannelError, type Channel, type NotificationBatch } from './types';
import { createWecomChannel, wecomConfigSchema } from './wecom';

type Step = (signal: AbortSignal) => Promise<void>;
const ok: Step = async () => {};
const retryable = (retryAfterMs?: number): Step => async () => { throw new ChannelError('busy', true, 503, retryAfterMs); };
const permanent: Step = async () => { throw new ChannelError('bad key', false, 93000); };
/** Answers only when aborted, as a vendor that never replies. */
const hang: Step = (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new ChannelError('aborted', true, 'timeout'))));

/** A channel playing `steps` in turn (the last repeats), recording when each send started and which batch it carried. */
function scripted(id: string, steps: Step[], timeoutMs = 1000) {
  const calls: { at: number; group: string }[] = [];
  let closed = false;
  const channel: Channel = {
    id, kind: 'test', timeoutMs,
    send: (batch, signal) => { calls.push({ at: Date.now(), group: batch.group_key }); return steps[Math.min(calls.length, steps.length) - 1]!(signal!); },
    close: () => { closed = true; },
  };
  return { channel, calls, closed: () => closed };
}

function harness(channels: Channel[], over: Partial<DeliveryOptions> = {}) {
  const outcomes: { channel: string; outcome: Outcome; info: OutcomeInfo; at: number }[] = [];
  const logged: unknown[] = [];
  const log = { info: (...a: unknown[]) => logged.push(a), warn: (...a: unknown[]) => logged.push(a), error: (...a: unknown[]) => logged.push(a) };
  const delivery = createDelivery({
    channels, log: log as unknown as DeliveryOptions['log'], retry: { attempts: 4, baseMs: 4, maxMs: 100 }, random: () => 0,
    onOutcome: (channel, outcome, info) => outcomes.push({ channel, outcome, info, at: Date.now() }), ...over,
  });
  return { delivery, outcomes, logged };
}

const batch = (receiver: string, group = 'g1'): NotificationBatch => batchOf([breachAlert()], { receiver, group_key: group });

describe('backoffMs', () => {
  const policy = { attempts: 5, baseMs: 1000, maxMs: 60_000 };
  it('doubles per attempt, half of each step fixed and half random', () => {
    expect(backoffMs(1, policy, () => 0)).toBe(500);
    expect(backoffMs(1, policy, () => 0.5)).toBe(750);
    expect(backoffMs(3, policy, () => 0.5)).toBe(3000); // step 4000: 2000 + 1000
    expect(backoffMs(10, policy, () => 0)).toBe(30_000); // step capped at 60000
  });
  it('waits at least what the vendor asks, up to 15 minutes', () => {
    expect(backoffMs(1, policy, () => 0, 5000)).toBe(5000);
    expect(backoffMs(3, policy, () => 0, 100)).toBe(2000);
    expect(backoffMs(1, policy, () => 0, 20 * 60_000)).toBe(15 * 60_000);
  });
});

describe('createDelivery', () => {
  it('returns at once and sends in the background', async () => {
    const a = scripted('a', [ok]);
    const { delivery, outcomes } = harness([a.channel]);
    delivery.deliver(batch('a'));
    expect(outcomes).toHaveLength(0);
    await delivery.idle();
    expect(outcomes.map((o) => [o.channel, o.outcome, o.info.attempt])).toEqual([['a', 'sent', 1]]);
  });

  it('retries retryable failures with growing waits, then succeeds', async () => {
    const a = scripted('a', [retryable(), retryable(), ok]);
    const { delivery, outcomes } = harness([a.channel]);
    delivery.deliver(batch('a'));
    await delivery.idle();
    expect(outcomes.map((o) => [o.outcome, o.info.retryInMs])).toEqual([['retry', 2], ['retry', 4], ['sent', undefined]]);
    expect(a.calls).toHaveLength(3);
  });

  it('never retries a permanent failure', async () => {
    const a = scripted('a', [permanent, ok]);
    const { delivery, outcomes } = harness([a.channel]);
    delivery.deliver(batch('a'));
    await delivery.idle();
    expect(a.calls).toHaveLength(1);
    expect(outcomes.map((o) => [o.outcome, o.info.code, o.info.error])).toEqual([['failed', 93000, 'bad key']]);
  });

  it('gives up after the last attempt', async () => {
    const a = scripted('a', [retryable()]);
    const { delivery, outcomes } = harness([a.channel], { retry: { attempts: 3, baseMs: 1, maxMs: 1 } });
    delivery.deliver(batch('a'));
    await delivery.idle();
    expect(outcomes.map((o) => o.outcome)).toEqual(['retry', 'retry', 'failed']);
  });

  it('honours the wait the vendor asks for', async () => {
    const a = scripted('a', [retryable(60), ok]);
    const { delivery, outcomes } = harness([a.channel]);
    delivery.deliver(batch('a'));
    await delivery.idle();
    expect(outcomes[0]!.info.retryInMs).toBe(60);
    expect(a.calls[1]!.at - a.calls[0]!.at).toBeGreaterThanOrEqual(55);
  });

  it('treats an unexpected exception as permanent', async () => {
    const a = scripted('a', [async () => { throw new TypeError('boom'); }]);
    const { delivery, outcomes } = harness([a.channel]);
    delivery.deliver(batch('a'));
    await delivery.idle();
    expect(outcomes.map((o) => [o.outcome, o.info.error])).toEqual([['failed', 'boom']]);
  });

  it('aborts a send that outlives its timeout', async () => {
    const a = scripted('a', [hang], 30);
    const { delivery, outcomes } = harness([a.channel], { retry: { attempts: 1 } });
    delivery.deliver(batch('a'));
    await delivery.idle();
    expect(outcomes.map((o) => [o.outcome, o.info.code])).toEqual([['failed', 'timeout']]);
    expect(outcomes[0]!.info.elapsedMs).toBeGreaterThanOrEqual(25);
  });

  it('never lets a hanging channel delay another', async () => {
    const slow = scripted('slow', [hang], 400);
    const fast = scripted('fast', [ok]);
    const { delivery, outcomes } = harness([slow.channel, fast.channel], { retry: { attempts: 1 } });
    const start = Date.now();
    delivery.deliver(batch('slow'));
    delivery.deliver(batch('fast'));
    delivery.deliver(batch('fast', 'g2'));
    await delivery.idle();
    const fastDone = outcomes.filter((o) => o.channel === 'fast');
    expect(fastDone.map((o) => o.outcome)).toEqual(['sent', 'sent']);
    expect(fastDone.every((o) => o.at - start < 200)).toBe(true);
    expect(outcomes.find((o) => o.channel === 'slow')).toMatchObject({ outcome: 'failed', info: { code: 'timeout' } });
  });

  it('sends one channel\'s batches in order', async () => {
    const a = scripted('a', [retryable(), ok]);
    const { delivery } = harness([a.channel]);
    for (const g of ['g1', 'g2', 'g3']) delivery.deliver(batch('a', g));
    await delivery.idle();
    expect(a.calls.map((c) => c.group)).toEqual(['g1', 'g1', 'g2', 'g3']);
  });

  it('drops the oldest waiting batch when a channel\'s queue is full', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const a = scripted('a', [() => gate, ok]);
    const { delivery, outcomes } = harness([a.channel], { maxQueue: 2 });
    for (const g of ['g1', 'g2', 'g3', 'g4']) delivery.deliver(batch('a', g));
    expect(outcomes.map((o) => [o.outcome, o.info.group_key, o.info.error])).toEqual([['failed', 'g2', 'queue full (2 batches waiting)']]);
    release();
    await delivery.idle();
    expect(a.calls.map((c) => c.group)).toEqual(['g1', 'g3', 'g4']);
  });

  it('on close aborts what is in flight, drops what waits and closes the channels', async () => {
    const a = scripted('a', [hang], 60_000);
    const b = scripted('b', [retryable()]);
    const { delivery, outcomes } = harness([a.channel, b.channel], { retry: { attempts: 5, baseMs: 60_000, maxMs: 60_000 } });
    delivery.deliver(batch('a', 'g1'));
    delivery.deliver(batch('a', 'g2'));
    delivery.deliver(batch('b'));
    const start = Date.now();
    await delivery.close();
    expect(Date.now() - start).toBeLessThan(1000);
    expect(outcomes.filter((o) => o.outcome === 'failed').map((o) => `${o.channel}/${o.info.group_key}`).sort()).toEqual(['a/g1', 'a/g2', 'b/g1']);
    expect([a.closed(), b.closed()]).toEqual([true, true]);
    delivery.deliver(batch('a', 'g3'));
    expect(outcomes.at(-1)).toMatchObject({ outcome: 'failed', info: { group_key: 'g3', error: 'delivery is closed' } });
  });

  it('logs a batch for an unknown channel instead of throwing', () => {
    const { delivery, logged } = harness([]);
    expect(() => delivery.deliver(batch('nobody'))).not.toThrow();
    expect(JSON.stringify(logged)).toContain('unknown channel');
  });

  it('never logs the webhook URL or its key', async () => {
    const config = wecomConfigSchema.parse({ id: 'wc', kind: 'wecom', url_env: 'WECOM_URL' });
    const env = { WECOM_URL: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY42' };
    const refused = createWecomChannel(config, { env, timezone: 'UTC', fetch: fakeFetch({ body: '{"errcode":93000,"errmsg":"invalid webhook url"}' }).fetch });
    const unreachable = createWecomChannel({ ...config, id: 'wc2' }, {
      env, timezone: 'UTC', fetch: (async () => { throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }); }) as typeof fetch,
    });
    const { delivery, logged, outcomes } = harness([refused, unreachable], { retry: { attempts: 2, baseMs: 1, maxMs: 1 } });
    delivery.deliver(batch('wc'));
    delivery.deliver(batch('wc2'));
    await delivery.idle();
    expect(outcomes.map((o) => `${o.channel} ${o.outcome}`).sort()).toEqual(['wc failed', 'wc2 failed', 'wc2 retry']);
    const text = JSON.stringify(logged) + JSON.stringify(outcomes);
    expect(text).toContain('invalid webhook url');
    expect(text).toContain('ECONNREFUSED');
    expect(text).not.toContain('SECRETKEY42');
    expect(text).not.toContain('qyapi.weixin.qq.com');
  });
});
