import { describe, expect, it } from 'vitest';
import type { AlertRuleConfig } from '../alerts';
import { builtinMetrics } from '../catalogue';

/** Every built-in metric: the hand-coded ones and the shipped definition files. */
const BUILTINS = builtinMetrics();
import type { Alert, MetricValue, ScreenDefinition } from '../protocol';
import { redactValue, type MoneyOf } from './fields';
import { mayOpenScreen, type Principal, type Scope } from './principal';
import { alertVisible, scopeRef, scopeRefs, scopeScreen, type AccessError } from './scope';

const service: Scope = { departments: ['service'], amounts: false };
const twoDepts: Scope = { departments: ['sales', 'marketing'], amounts: false };
const finance: Scope = { departments: 'all', amounts: true };
/** What the catalogue declares, read as the hub reads it. */
const money: MoneyOf = (id) => BUILTINS.find((m) => m.id === id)?.money;

describe('scopeRef', () => {
  it('forces the holder\'s department, whatever department the ref names', () => {
    expect(scopeRef({ id: 'tickets.open', params: {} }, service)).toEqual({ id: 'tickets.open', params: { department: 'service' } });
    expect(scopeRef({ id: 'tickets.open', params: { department: 'sales', group: 'L1' } }, service))
      .toEqual({ id: 'tickets.open', params: { department: 'service', group: 'L1' } });
  });
  it('keeps a department of the holder\'s own, and takes their first otherwise', () => {
    expect(scopeRef({ id: 'orders.count', params: { department: 'marketing' } }, twoDepts).params.department).toBe('marketing');
    expect(scopeRef({ id: 'orders.count', params: { department: 'finance' } }, twoDepts).params.department).toBe('sales');
  });
  it('forces nothing on a holder of every department', () => {
    const ref = { id: 'orders.count', params: { department: 'sales' } };
    expect(scopeRef(ref, finance)).toBe(ref);
  });
});

describe('amounts', () => {
  it('refuses a metric that is all money to a holder without finance rights, naming where', () => {
    expect(() => scopeRefs([{ id: 'orders.count', params: {} }, { id: 'deals.won_amount', params: {} }], service, money))
      .toThrow(expect.objectContaining({ code: 'forbidden', path: 'metrics.1.id' }) as AccessError);
    expect(scopeRefs([{ id: 'deals.won_amount', params: {} }], finance, money)).toEqual([{ id: 'deals.won_amount', params: {} }]);
  });

  it('strips amount fields from breakdowns and funnels, keeping the counts', () => {
    const base = { key: 'k', id: 'deals.funnel', params: {}, version: 3, asOf: null, computedAt: '2026-01-01T00:00:00.000Z', stale: false };
    const funnel: MetricValue = { ...base, value: { kind: 'funnel', stages: [{ stage: 'lead', count: 10, amount: 5000, conversion: null }, { stage: 'won', count: 2, amount: 900, conversion: 20 }] } };
    expect(redactValue(funnel).value).toEqual({ kind: 'funnel', stages: [{ stage: 'lead', count: 10, conversion: null }, { stage: 'won', count: 2, conversion: 20 }] });
    const breakdown: MetricValue = { ...base, value: { kind: 'breakdown', items: [{ key: 'east', value: 4, amount: 120.5 }] } };
    expect(JSON.stringify(redactValue(breakdown))).not.toContain('amount');
    expect(funnel.value).toMatchObject({ stages: [{ amount: 5000 }, { amount: 900 }] }); // the shared original is untouched
    const scalar: MetricValue = { ...base, value: { kind: 'scalar', value: 7, previous: 5 } };
    expect(redactValue(scalar)).toBe(scalar);
  });

  it('reads money from each metric\'s own declaration: every metric counted in money (unit CNY) declares it', () => {
    for (const m of BUILTINS) if (m.unit === 'CNY') expect(m.money, m.id).toBeDefined();
    expect(['orders.amount', 'deals.won_amount', 'deals.pipeline_value'].map(money)).toEqual(['value', 'value', 'value']);
    expect(['orders.by_status', 'orders.by_region', 'deals.by_owner', 'deals.funnel'].map(money)).toEqual(['amounts', 'amounts', 'amounts', 'amounts']);
    expect(['orders.count', 'tickets.open', 'deals.win_rate'].map(money)).toEqual([undefined, undefined, undefined]);
  });
  it('lets a metric with money beside counts through, and refuses one declared all money whatever its id', () => {
    expect(scopeRefs([{ id: 'orders.by_status', params: {} }], service, money)).toEqual([{ id: 'orders.by_status', params: { department: 'service' } }]);
    const custom: MoneyOf = (id) => (id === 'company.big_orders' ? 'value' : undefined);
    expect(() => scopeRefs([{ id: 'company.big_orders', params: {} }], service, custom)).toThrow(expect.objectContaining({ code: 'forbidden' }) as AccessError);
  });
});

describe('scopeScreen', () => {
  const screen = {
    id: 'wall', title: 'Wall', canvas: { width: 1920, height: 1080, fit: 'contain', reflow: true }, theme: 'dark',
    widgets: {
      open: { type: 'kpi', metric: { id: 'tickets.open', params: { department: 'sales' } }, options: {} },
      amount: { type: 'kpi', title: '金额', metric: { id: 'orders.amount', params: { window: 'today' } }, options: {} },
      regions: { type: 'bar', metric: { id: 'orders.by_region', params: { window: 'today' } }, options: { measure: 'amount' } },
      ring: { type: 'pie', metric: { id: 'orders.by_status', params: { window: 'today' } }, options: {} },
      clock: { type: 'clock', options: {} },
    },
    layout: { wall: { columns: 4, rows: 4, items: [] } },
  } as unknown as ScreenDefinition;
  const resolve = (ref: { params: Record<string, string | number> }) => ({ params: { window: 'today', ...ref.params } });

  it('forces the department into every widget and hides the widgets that would show money', () => {
    const out = scopeScreen(screen, service, resolve, money);
    expect(out.widgets.open!.metric).toEqual({ id: 'tickets.open', params: { window: 'today', department: 'service' } });
    expect(out.widgets.ring!.metric).toEqual({ id: 'orders.by_status', params: { window: 'today', department: 'service' } });
    expect(out.widgets.amount).toEqual({ type: 'text', title: '金额', options: { text: expect.stringContaining('Amounts hidden') as string, align: 'center' } });
    expect(out.widgets.regions!.type).toBe('text');
    expect(out.widgets.clock).toBe(screen.widgets.clock);
    expect(JSON.stringify(out)).not.toMatch(/orders\.amount|"measure":"amount"/);
  });

  it('shows a holder with finance rights every widget', () => {
    const out = scopeScreen(screen, finance, resolve, money);
    expect(out.widgets.amount!.metric?.id).toBe('orders.amount');
    expect(out.widgets.regions!.type).toBe('bar');
  });
});

describe('alertVisible', () => {
  const alert = (labels: Partial<Alert['labels']>, annotations: Alert['annotations'] = {}): Alert =>
    ({ alert_key: 'k', version: 1, state: 'firing', acknowledged: false, labels: { kind: 'breach', ...labels }, annotations }) as Alert;
  const rules = [
    { id: 'amount-low', kind: 'threshold', metric: { id: 'orders.amount', params: {} }, op: '<', threshold: 5 },
    { id: 'svc-open', kind: 'threshold', metric: { id: 'tickets.open', params: { department: 'service' } }, op: '>', threshold: 5 },
    { id: 'all-open', kind: 'threshold', metric: { id: 'tickets.open', params: {} }, op: '>', threshold: 5 },
    { id: 'stuck', kind: 'handoff', flow: 'o2d' },
  ] as AlertRuleConfig[];

  it('shows SLA alerts of the holder\'s departments only', () => {
    expect(alertVisible(alert({}, { department: 'service' }), service, rules, money)).toBe(true);
    expect(alertVisible(alert({}, { department: 'sales' }), service, rules, money)).toBe(false);
    expect(alertVisible(alert({}, {}), service, rules, money)).toBe(false);
    expect(alertVisible(alert({}, { department: 'sales' }), finance, rules, money)).toBe(true);
  });
  it('shows a threshold alert as scoped as its metric, and never one on money without finance rights', () => {
    expect(alertVisible(alert({ kind: 'rule', rule: 'svc-open' }), service, rules, money)).toBe(true);
    expect(alertVisible(alert({ kind: 'rule', rule: 'all-open' }), service, rules, money)).toBe(false);
    expect(alertVisible(alert({ kind: 'rule', rule: 'amount-low' }), { departments: 'all', amounts: false }, rules, money)).toBe(false);
    expect(alertVisible(alert({ kind: 'rule', rule: 'amount-low' }), finance, rules, money)).toBe(true);
    expect(alertVisible(alert({ kind: 'rule', rule: 'down', source: 'zd' }), service, rules, money)).toBe(true);
  });
  it('shows a hand-off alert to the department responsible for the step it waits at', () => {
    expect(alertVisible(alert({ kind: 'rule', rule: 'stuck', department: 'service' }), service, rules, money)).toBe(true);
    expect(alertVisible(alert({ kind: 'rule', rule: 'stuck', department: 'logistics' }), service, rules, money)).toBe(false);
    expect(alertVisible(alert({ kind: 'rule', rule: 'stuck' }), service, rules, money)).toBe(false);
    expect(alertVisible(alert({ kind: 'rule', rule: 'stuck', department: 'logistics' }), finance, rules, money)).toBe(true);
  });
});

describe('mayOpenScreen', () => {
  const viewer: Principal = { kind: 'user', id: 'v', name: 'v', role: 'viewer', session: 's', listedDepartments: ['service'], departments: ['service'], amounts: false };
  const admin: Principal = { ...viewer, role: 'admin', departments: 'all' };
  const display: Principal = { kind: 'device', id: 'd', name: 'TV', target: { playlist: 'lobby' }, display: {}, listedDepartments: ['*'], departments: 'all', amounts: false };
  const playlists = (id: string) => (id === 'lobby' ? ['a', 'b'] : []);

  it('checks roles and departments; admins open everything', () => {
    expect(mayOpenScreen(viewer, 'x', undefined, playlists)).toBe(true);
    expect(mayOpenScreen(viewer, 'x', { roles: ['editor'] }, playlists)).toBe(false);
    expect(mayOpenScreen(viewer, 'x', { departments: ['sales', 'service'] }, playlists)).toBe(true);
    expect(mayOpenScreen(viewer, 'x', { departments: ['finance'] }, playlists)).toBe(false);
    expect(mayOpenScreen(admin, 'x', { roles: ['editor'], departments: ['finance'] }, playlists)).toBe(true);
  });
  it('lets a display open only what it was assigned', () => {
    expect(mayOpenScreen(display, 'b', undefined, playlists)).toBe(true);
    expect(mayOpenScreen(display, 'c', undefined, playlists)).toBe(false);
  });
});
