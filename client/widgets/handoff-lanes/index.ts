import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { handoffLanesOptionsSchema } from './options';
import { handoffLanesSample } from './sample';

export default defineWidget({ type: 'handoff-lanes', component: Widget, optionsSchema: handoffLanesOptionsSchema, accepts: ['handoffs'], sample: handoffLanesSample });
