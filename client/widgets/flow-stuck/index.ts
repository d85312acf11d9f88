import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { flowStuckOptionsSchema } from './options';
import { flowStuckSample } from './sample';

export default defineWidget({ type: 'flow-stuck', component: Widget, optionsSchema: flowStuckOptionsSchema, accepts: ['flow-stuck'], sample: flowStuckSample });
