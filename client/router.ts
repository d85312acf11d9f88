import { createRouter, createWebHistory, type Router } from 'vue-router';
import { guardRoute } from './access/guard';
import ScreenList from './screen/ScreenList.vue';
import PlaylistPage from './screen/PlaylistPage.vue';
import ScreenPage from './screen/ScreenPage.vue';

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/', name: 'screens', component: ScreenList },
      { path: '/s/:id', name: 'screen', component: ScreenPage },
      { path: '/p/:id', name: 'playlist', component: PlaylistPage },
      { path: '/c/:id', name: 'customer', component: () => import('./timeline/TimelinePage.vue') },
      { path: '/login', name: 'login', component: () => import('./access/LoginPage.vue'), meta: { public: true } },
      { path: '/pair', name: 'pair', component: () => import('./access/PairPage.vue'), meta: { public: true } },
      { path: '/display', name: 'display', component: () => import('./access/DisplayPage.vue'), meta: { public: true } },
      { path: '/admin/devices', name: 'devices', component: () => import('./access/DevicesPage.vue') },
      { path: '/:rest(.*)*', redirect: '/' },
    ],
  });
  router.beforeEach(guardRoute);
  return router;
}
