import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { barOptionsSchema } from './options';
import { barSample } from './sample';

export default defineWidget({ type: 'bar', component: Widget, optionsSchema: barOptionsSchema, accepts: ['breakdown'], sample: barSample });
