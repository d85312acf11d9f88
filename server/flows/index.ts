/**
 * Business flows across systems (docs/flows.md): the `flows` config section, when a record reaches a step, the chains
 * of linked deals, orders and tickets, and each flow's instances with their hand-offs, lateness and waiting, kept
 * incrementally as records change. Pure: times are arguments.
 */
export { flowsConfigSchema, checkFlowReferences, targetSeconds, TYPE_RANK, type FlowConfig, type FlowStepConfig, type StepOn, type LinkableType } from './config';
export { reachedAt } from './reach';
export { compileFlow, evaluateInstance, type CompiledFlow, type CompiledStep, type FlowInstance, type Handoff, type AccountRef } from './instance';
export { FlowIndex, flowRecordKey, type FlowChange } from './flow-index';
