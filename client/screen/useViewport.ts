import { onScopeDispose, ref, type Ref } from 'vue';

/** The window's size, kept current; the listener goes with the component. */
export function useViewport(): { width: Ref<number>; height: Ref<number> } {
  const width = ref(window.innerWidth);
  const height = ref(window.innerHeight);
  const update = (): void => {
    width.value = window.innerWidth;
    height.value = window.innerHeight;
  };
  window.addEventListener('resize', update);
  onScopeDispose(() => window.removeEventListener('resize', update));
  return { width, height };
}
