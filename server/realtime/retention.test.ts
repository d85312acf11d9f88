import { describe, expect, it } from 'vitest';
import { badSubscribeBody, describeIssue } from './errors';
import { createKeyRetention } from './retention';
import { subscribeRequestSchema } from '../protocol';

describe('unwatched metric keys', () => {
  function setup(watched: Set<string>) {
    const clock = { t: 0 };
    const keys = new Set(['screen', 'rule', 'socket', 'rest', 'gone']);
    const released: string[] = [];
    const retention = createKeyRetention({
      graceMs: 300_000, now: () => clock.t, keys: () => keys,
      watched: () => (key) => watched.has(key), release: (key) => { keys.delete(key); released.push(key); },
    });
    return { clock, keys, released, retention };
  }

  it('are kept for the grace period after the last use, then released; watched keys never are', () => {
    const watched = new Set(['screen', 'rule', 'socket']);
    const { clock, keys, released, retention } = setup(watched);
    retention.sweep(); // 'rest' and 'gone' seen unwatched: their grace starts
    clock.t = 200_000;
    retention.used('rest'); // a REST reader asked again: its grace starts again
    watched.delete('socket'); // its last socket left
    retention.used('socket');
    expect(retention.sweep()).toEqual([]);
    clock.t = 300_000;
    expect(retention.sweep()).toEqual(['gone']);
    clock.t = 499_999;
    expect(retention.sweep()).toEqual([]);
    clock.t = 500_000;
    expect(retention.sweep().sort()).toEqual(['rest', 'socket']);
    expect([...keys].sort()).toEqual(['rule', 'screen']);
    expect(released.sort()).toEqual(['gone', 'rest', 'socket']);
  });

  it('a key watched again within its grace is kept', () => {
    const watched = new Set<string>();
    const { clock, retention } = setup(watched);
    retention.sweep();
    clock.t = 250_000;
    watched.add('rest');
    retention.sweep();
    watched.delete('rest');
    clock.t = 320_000;
    expect(retention.sweep().sort()).toEqual(['gone', 'rule', 'screen', 'socket']);
  });

  it('sweeps a few times per grace, within bounds', () => {
    expect(createKeyRetention({ graceMs: 300_000, keys: () => [], watched: () => () => false, release: () => {} }).sweepEveryMs).toBe(30_000);
    expect(createKeyRetention({ graceMs: 1_000, keys: () => [], watched: () => () => false, release: () => {} }).sweepEveryMs).toBe(250);
  });
});

describe('socket request errors', () => {
  const fail = (body: unknown) => {
    const parsed = subscribeRequestSchema.safeParse(body);
    if (parsed.success) throw new Error('expected a failure');
    return badSubscribeBody('subscribe', body, parsed.error);
  };

  it('name the field and what was expected, never a bare "Invalid input"', () => {
    expect(fail({ metrics: [{ id: 3 }] })).toEqual({ code: 'bad_request', path: 'metrics.0.id', message: 'subscribe: metrics.0.id: expected string, received number' });
    expect(fail({ metrics: [{ id: 'orders.count', params: { x: true } }] }))
      .toEqual({ code: 'bad_request', path: 'metrics.0.params.x', message: 'subscribe: metrics.0.params.x: expected string or number, received boolean' });
    expect(fail({ metrics: [] })).toMatchObject({ path: 'metrics', message: expect.stringMatching(/^subscribe: metrics: .*>=1/) as unknown });
    expect(fail({ metrics: Array(201).fill({ id: 'a' }) })).toMatchObject({ path: 'metrics', message: expect.stringMatching(/<=200/) as unknown });
    expect(fail({ screen: 'a', x: 1 })).toMatchObject({ path: 'x', message: expect.stringMatching(/^subscribe: x: unknown field/) as unknown });
    expect(fail({ screen: 7 })).toMatchObject({ path: 'screen', message: 'subscribe: screen: expected string, received number' });
    expect(fail({ foo: 1 })).toMatchObject({ path: '', message: expect.stringMatching(/expected \{ screen: "<id>" \} or \{ metrics: .*got an object with "foo"/) as unknown });
    expect(fail('screen').message).toMatch(/got a string$/);
    expect(fail(null).message).toMatch(/got null$/);
    expect(fail({ screen: 'a', metrics: [] }).message).toMatch(/got an object with "screen", "metrics"/);
    for (const body of [{ metrics: [{ id: 3 }] }, { foo: 1 }, 'x', { metrics: [{ id: 'a', params: { x: null } }] }]) expect(fail(body).message).not.toMatch(/Invalid input/);
  });

  it('describe a lone issue by its path', () => {
    expect(describeIssue({ code: 'invalid_type', expected: 'string', path: ['memory'], message: 'Invalid input: expected string, received number' } as never))
      .toEqual({ path: 'memory', message: 'memory: expected string, received number' });
  });
});
