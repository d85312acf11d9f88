import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { gaugeOptionsSchema } from './options';
import { gaugeSample } from './sample';

export default defineWidget({ type: 'gauge', component: Widget, optionsSchema: gaugeOptionsSchema, accepts: ['scalar', 'sla-summary'], sample: gaugeSample });
