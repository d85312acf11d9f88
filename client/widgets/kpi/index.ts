import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { kpiOptionsSchema } from './options';
import { kpiSample } from './sample';

export default defineWidget({ type: 'kpi', component: Widget, optionsSchema: kpiOptionsSchema, accepts: ['scalar', 'sla-summary', 'durations', 'breakdown', 'series', 'flow-stuck', 'reassignments'], sample: kpiSample });
