import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { orderFlowOptionsSchema } from './options';
import { orderFlowSample } from './sample';

export default defineWidget({ type: 'order-flow', component: Widget, optionsSchema: orderFlowOptionsSchema, accepts: ['flow'], sample: orderFlowSample });
