import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { funnelOptionsSchema } from './options';
import { funnelSample } from './sample';

export default defineWidget({ type: 'funnel', component: Widget, optionsSchema: funnelOptionsSchema, accepts: ['funnel'], sample: funnelSample });
