import { createRouter, createWebHistory, type Router } from 'vue-router';
import ScreenList from './screen/ScreenList.vue';
import PlaylistPage from './screen/PlaylistPage.vue';
import ScreenPage from './screen/ScreenPage.vue';

export function createAppRouter(): Router {
  return createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/', name: 'screens', component: ScreenList },
      { path: '/s/:id', name: 'screen', component: ScreenPage },
      { path: '/p/:id', name: 'playlist', component: PlaylistPage },
      { path: '/:rest(.*)*', redirect: '/' },
    ],
  });
}
