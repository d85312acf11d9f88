import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { slaQueueOptionsSchema } from './options';
import { slaQueueSample } from './sample';

export default defineWidget({ type: 'sla-queue', component: Widget, optionsSchema: slaQueueOptionsSchema, accepts: ['sla-queue'], sample: slaQueueSample });
