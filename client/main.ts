import './zod-config';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createI18n, detectLocale, installI18n } from './i18n';
import { createAppRouter } from './router';
import './styles.css';

const app = createApp(App);
const locale = detectLocale(window.location.search, window.localStorage);
document.documentElement.lang = locale;
installI18n(app, createI18n(locale));
app.use(createPinia());
app.use(createAppRouter());
app.mount('#app');
