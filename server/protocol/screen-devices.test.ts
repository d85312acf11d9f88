import { describe, expect, it } from 'vitest';
import { screenSchema } from './screen';

const base = {
  id: 'd', title: 'Devices', canvas: { width: 1920, height: 1080 }, widgets: {},
  layout: { wall: { columns: 1, rows: 1, items: [] } },
};

describe('a screen\'s devices', () => {
  it('is optional: a screen without it is for any display', () => {
    expect(screenSchema.parse(base).devices).toBeUndefined();
  });
  it('takes tv, wall and phone, in the order written', () => {
    expect(screenSchema.parse({ ...base, devices: ['phone', 'tv'] }).devices).toEqual(['phone', 'tv']);
    expect(screenSchema.parse({ ...base, devices: ['wall'] }).devices).toEqual(['wall']);
  });
  it('refuses an unknown device, an empty list and a device named twice, at the devices path', () => {
    for (const devices of [['watch'], [], ['tv', 'tv']]) {
      const r = screenSchema.safeParse({ ...base, devices });
      expect(r.success, JSON.stringify(devices)).toBe(false);
      expect(r.error!.issues[0]!.path[0]).toBe('devices');
    }
  });
});
