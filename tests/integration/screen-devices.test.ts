import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/app';
import { getJson, screenOf, screensDir, startTestHub } from '../support/hub';

let hub: Hub;
let screens: ReturnType<typeof screensDir>;

beforeAll(async () => {
  screens = screensDir({
    'lobby.json': { ...screenOf('lobby', { open: { id: 'tickets.open' } }), devices: ['tv', 'phone'] },
    'any.json': screenOf('any', { open: { id: 'tickets.open' } }),
    'odd.json': { ...screenOf('odd', { open: { id: 'tickets.open' } }), devices: ['toaster'] },
  });
  hub = await startTestHub({ config: { sources: [{ id: 'p', kind: 'push' }] }, screensDir: screens.dir });
});
afterAll(async () => { await hub?.close(); screens?.remove(); });

describe('GET /api/screens and devices', () => {
  it('lists what each screen is made for; none when the file says nothing; an unknown device is an error at its path', async () => {
    const { body } = await getJson<{ id: string; valid: boolean; devices?: string[]; error?: string }[]>(`${hub.url}/api/screens`);
    const byId = Object.fromEntries(body.map((s) => [s.id, s]));
    expect(byId.lobby).toMatchObject({ valid: true, devices: ['tv', 'phone'] });
    expect(byId.any!.valid).toBe(true);
    expect(byId.any!.devices).toBeUndefined();
    expect(byId.odd!.valid).toBe(false);
    expect(byId.odd!.error).toMatch(/odd\.json:\d+:\d+ devices\[0\]: .*"tv"\|"wall"\|"phone"/);
  });
});
