import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { parseConfig } from '../config';
import { createStore, type Store } from '../store';
import { createAccess } from './service';
import { testHash as hashPassword } from '../../tests/support/access';


const DAY = 86_400_000;
let store: Store | undefined;
afterEach(() => { store?.close(); store = undefined; });

async function setup(access: object = {}) {
  store = createStore(':memory:');
  const clock = { t: Date.parse('2026-11-26T08:00:00Z') };
  const config = parseConfig({ access: {
    enabled: true,
    users: [
      { username: 'root', role: 'admin', departments: ['operations'], password_hash: await hashPassword('correct horse') },
      { username: 'sv', name: 'Service viewer', role: 'viewer', departments: ['service'], password_hash: await hashPassword('s3cret!') },
    ],
    devices: { idle_expiry: '30d' },
    ...access,
  } });
  const svc = createAccess({ config: config.access, alertRules: [], tables: store.access, log: pino({ level: 'silent' }), env: {},
    resolve: (ref) => ({ params: ref.params }), money: () => undefined, playlistScreens: () => [], now: () => clock.t });
  return { svc, clock };
}

describe('sessions', () => {
  it('signs in with the right password only, auditing both outcomes', async () => {
    const { svc } = await setup();
    expect(await svc.login('sv', 'wrong', '10.0.0.9')).toBeUndefined();
    expect(await svc.login('nobody', 's3cret!', '10.0.0.9')).toBeUndefined();
    const ok = await svc.login('sv', 's3cret!', '10.0.0.9');
    expect(ok?.principal).toMatchObject({ kind: 'user', id: 'sv', role: 'viewer', departments: ['service'], amounts: false });
    expect(svc.authenticate({ session: ok!.secret })?.id).toBe('sv');
    const log = svc.auditList({ limit: 10 }).map((e) => [e.actor, e.action, e.outcome]);
    expect(log).toEqual([['user:sv', 'login', 'ok'], ['user:nobody', 'login', 'failure'], ['user:sv', 'login', 'failure']]);
  });

  it('ends a session after the idle time, and keeps one in use till the absolute limit', async () => {
    const { svc, clock } = await setup({ session: { idle: '1h', absolute: '3h' } });
    const { secret } = (await svc.login('root', 'correct horse', undefined))!;
    const signedIn = clock.t;
    for (const minutes of [50, 100, 150, 175]) { // a request now and then keeps it…
      clock.t = signedIn + minutes * 60_000;
      expect(svc.authenticate({ session: secret })?.id, `after ${minutes} min`).toBe('root');
    }
    clock.t = signedIn + 181 * 60_000; // …until 3 h after sign-in, though idle only 6 minutes
    expect(svc.authenticate({ session: secret })).toBeUndefined();
    const other = (await svc.login('root', 'correct horse', undefined))!;
    clock.t += 61 * 60_000;
    expect(svc.authenticate({ session: other.secret })).toBeUndefined(); // idle for over an hour
  });

  it('a signed-out session opens nothing', async () => {
    const { svc } = await setup();
    const { secret, principal } = (await svc.login('root', 'correct horse', undefined))!;
    svc.logout(principal, undefined);
    expect(svc.authenticate({ session: secret })).toBeUndefined();
  });
});

describe('display tokens', () => {
  it('do not expire while in use: a TV that reconnects daily for a year keeps its token', async () => {
    const { svc, clock } = await setup();
    const { token } = svc.devices.create({ name: 'Lobby TV', target: { screen: 'ops' }, departments: ['*'], amounts: false, created_by: 'user:root' });
    for (let day = 1; day <= 365; day++) {
      clock.t += DAY;
      if (day % 7 === 0) expect(svc.authenticate({ bearer: token }), `day ${day}`).toMatchObject({ kind: 'device', name: 'Lobby TV' });
      else svc.devices.report(svc.devices.list()[0]!.id, { version: '1' }); // reports count as use too
    }
    expect(svc.authenticate({ bearer: token })?.kind).toBe('device');
  });

  it('lapse after the idle expiry without use, and at once when revoked', async () => {
    const { svc, clock } = await setup();
    const a = svc.devices.create({ name: 'A', target: { screen: 'ops' }, departments: ['*'], amounts: false, created_by: 'x' });
    const b = svc.devices.create({ name: 'B', target: { screen: 'ops' }, departments: ['service'], amounts: false, created_by: 'x' });
    expect(svc.authenticate({ bearer: b.token })).toMatchObject({ departments: ['service'] });
    svc.devices.revoke(b.device.id);
    expect(svc.authenticate({ bearer: b.token })).toBeUndefined();
    clock.t += 30 * DAY + 1;
    expect(svc.authenticate({ bearer: a.token })).toBeUndefined();
    expect(svc.authenticate({ bearer: 'owd_not-a-token' })).toBeUndefined();
  });

  it('keeps only a hash of each token', async () => {
    const { svc } = await setup();
    const { token } = svc.devices.create({ name: 'A', target: { screen: 'ops' }, departments: ['*'], amounts: false, created_by: 'x' });
    const row = store!.access.devices()[0]!;
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token.slice(4));
  });
});

describe('pairing', () => {
  it('hands the token to the TV that started the pairing, once, and only with its secret', async () => {
    const { svc, clock } = await setup();
    const start = svc.pairing.start();
    expect(start.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(svc.pairing.state(start.id, 'wrong')).toBeUndefined();
    expect(svc.pairing.state(start.id, start.secret)).toMatchObject({ state: 'waiting', code: start.code });
    const found = svc.pairing.byCode(start.code.toLowerCase().replace('-', ' '))!;
    expect(found.id).toBe(start.id);
    svc.pairing.approve(found.id, { token: 'owd_x', device: { id: 'd1', name: 'TV', target: { screen: 'ops' } } });
    expect(svc.pairing.state(start.id, start.secret)).toMatchObject({ state: 'approved', token: 'owd_x' });
    expect(svc.pairing.state(start.id, start.secret)).toBeUndefined();
    const late = svc.pairing.start();
    clock.t += 10 * 60_000;
    expect(svc.pairing.state(late.id, late.secret)).toBeUndefined();
    expect(svc.pairing.byCode(late.code)).toBeUndefined();
  });
});
