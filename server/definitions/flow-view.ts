import type { EngineInput, MetricContext } from '../metrics';
import type { FlowRow, Row } from './fields';

// A flow instance as a definition reads it (docs/metrics.md, Define your own: flow instances). The types come through
// the metrics room, which this room may use: flows/ is not one of its rooms.
type FlowChange = Extract<EngineInput, { kind: 'flow' }>['change'];
type FlowInstance = NonNullable<FlowChange['instance']>;
type FlowConfig = NonNullable<MetricContext['flows']>[number];

/** What one flow's steps tell a row: their ids and who answers for each. */
interface FlowSteps { id: string; steps: readonly { id: string; department: string }[] }

const iso = (t: number) => new Date(t).toISOString();

/**
 * The flat row of an instance: where it waits and who answers for that step (as flow.stuck charges it), its account
 * and customer (the customer map's answer when the instance last changed), when it entered and how long it has run
 * from entry to the latest step reached. Nothing here moves with the clock alone.
 */
export function flowRowOf(flow: FlowSteps, instance: FlowInstance, customerOf?: MetricContext['customerOf']): FlowRow {
  const entered = instance.reached[instance.entered_at_step]!;
  const reached = new Map<string, number>();
  let latest = entered;
  instance.reached.forEach((t, s) => {
    if (t === null) return;
    reached.set(flow.steps[s]!.id, t);
    if (t > latest) latest = t;
  });
  const waitsAt = instance.waiting ? flow.steps[instance.waiting.step] : undefined;
  const account = instance.account;
  const customer = account ? customerOf?.(account.source, account.id) : undefined;
  return {
    type: 'flow', flow: flow.id, id: instance.id, state: waitsAt ? 'waiting' : 'done',
    ...(waitsAt ? { step: waitsAt.id, department: waitsAt.department } : {}),
    ...(account ? { account_id: account.id } : {}), ...(customer !== undefined ? { customer } : {}),
    created_at: iso(entered), records: instance.records, lead_time_s: (latest - entered) / 1000, reached,
  };
}

/** An input as an aggregator of the definition keeps it: under which key, and the row now (null: it is gone). */
export interface KeyedRow { key: string; row: Row | null }

/**
 * What a definition's aggregator takes from the engine's inputs: a record as itself, for a flow definition each
 * change of its own flow as a row under `flow/id` (null when the instance left). Undefined: not an input of its.
 */
export function inputReader(flowId: string | undefined, ctx: MetricContext): (input: EngineInput) => KeyedRow | undefined {
  if (flowId === undefined) return (input) => (input.kind === 'record' ? { key: input.key, row: input.record } : undefined);
  const flow: FlowConfig | undefined = ctx.flows?.find((f) => f.id === flowId);
  // The engine refuses a key of a flow not configured (its resolve); this is for a caller that did not ask it.
  if (!flow) throw new Error(`no flow "${flowId}" in the config`);
  return (input) => {
    if (input.kind !== 'flow' || input.change.flow !== flowId) return undefined;
    const { id, instance } = input.change;
    return { key: `${flowId}/${id}`, row: instance ? flowRowOf(flow, instance, ctx.customerOf) : null };
  };
}

