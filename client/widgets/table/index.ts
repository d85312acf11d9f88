import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { tableOptionsSchema } from './options';
import { tableSample } from './sample';

export default defineWidget({ type: 'table', component: Widget, optionsSchema: tableOptionsSchema, accepts: ['breakdown', 'sla-queue'], sample: tableSample });
