import { defineWidget } from '../types';
import Widget from './Widget.vue';
import { rankingOptionsSchema } from './options';
import { rankingSample } from './sample';

export default defineWidget({ type: 'ranking', component: Widget, optionsSchema: rankingOptionsSchema, accepts: ['breakdown'], sample: rankingSample });
