import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { pieOptionsSchema } from './options';
import { pieSample } from './sample';

export default defineWidget({ type: 'pie', component: Widget, optionsSchema: pieOptionsSchema, accepts: ['breakdown'], sample: pieSample });
