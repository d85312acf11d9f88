export { createEngine, MetricError, OLDEST_WINDOW_MS, type Engine, type EngineDeps, type Freshness, type Coverage } from './engine';
export { CATALOGUE } from './catalogue';
export { windowRange, windowSchema, type WindowName } from './windows';
export { WindowedGroups, ALL_TIME } from './windowed-groups';
export type { Aggregator, MetricDefinition, MetricContext, EngineInput } from './types';
export { createKeyBudget, type KeyBudget, type BudgetRefusal } from './key-budget';
export { createMetricKeys, KeyBudgetError, type MetricKeys, type MetricKeysOptions } from './keys';
