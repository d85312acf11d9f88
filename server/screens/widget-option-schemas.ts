// The hub's one dependency on the wall's code, declared: the options schema of each widget type, from
// client/widgets/<type>/options.ts (pure zod modules), so the hub checks a screen's options exactly as the
// wall will. Only this file imports them. `npm run build` compiles it into dist/widget-options.js
// (vite.config.ts), which the hub loads when it is current (widget-options.ts), and this file otherwise.
// A unit test checks it names every widget folder, with the schema the wall's registry uses.
import type { z } from 'zod';
import { alertFeedOptionsSchema } from '../../client/widgets/alert-feed/options';
import { barOptionsSchema } from '../../client/widgets/bar/options';
import { clockOptionsSchema } from '../../client/widgets/clock/options';
import { dataQualityOptionsSchema } from '../../client/widgets/data-quality/options';
import { flowPathsOptionsSchema } from '../../client/widgets/flow-paths/options';
import { flowStuckOptionsSchema } from '../../client/widgets/flow-stuck/options';
import { funnelOptionsSchema } from '../../client/widgets/funnel/options';
import { gaugeOptionsSchema } from '../../client/widgets/gauge/options';
import { handoffLanesOptionsSchema } from '../../client/widgets/handoff-lanes/options';
import { kpiOptionsSchema } from '../../client/widgets/kpi/options';
import { lineOptionsSchema } from '../../client/widgets/line/options';
import { mapOptionsSchema } from '../../client/widgets/map/options';
import { orderFlowOptionsSchema } from '../../client/widgets/order-flow/options';
import { pieOptionsSchema } from '../../client/widgets/pie/options';
import { rankingOptionsSchema } from '../../client/widgets/ranking/options';
import { reassignmentsOptionsSchema } from '../../client/widgets/reassignments/options';
import { slaQueueOptionsSchema } from '../../client/widgets/sla-queue/options';
import { sourceStatusOptionsSchema } from '../../client/widgets/source-status/options';
import { tableOptionsSchema } from '../../client/widgets/table/options';
import { textOptionsSchema } from '../../client/widgets/text/options';

/** Widget type (its folder's name) → the zod schema of its `options`. */
export const WIDGET_OPTION_SCHEMAS = {
  'alert-feed': alertFeedOptionsSchema,
  'bar': barOptionsSchema,
  'clock': clockOptionsSchema,
  'data-quality': dataQualityOptionsSchema,
  'flow-paths': flowPathsOptionsSchema,
  'flow-stuck': flowStuckOptionsSchema,
  'funnel': funnelOptionsSchema,
  'gauge': gaugeOptionsSchema,
  'handoff-lanes': handoffLanesOptionsSchema,
  'kpi': kpiOptionsSchema,
  'line': lineOptionsSchema,
  'map': mapOptionsSchema,
  'order-flow': orderFlowOptionsSchema,
  'pie': pieOptionsSchema,
  'ranking': rankingOptionsSchema,
  'reassignments': reassignmentsOptionsSchema,
  'sla-queue': slaQueueOptionsSchema,
  'source-status': sourceStatusOptionsSchema,
  'table': tableOptionsSchema,
  'text': textOptionsSchema,
} satisfies Record<string, z.ZodType>;
