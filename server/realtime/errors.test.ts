import { describe, expect, it } from 'vitest';
import { badSubscribeBody, describeIssue } from './errors';
import { subscribeRequestSchema } from '../protocol';

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
