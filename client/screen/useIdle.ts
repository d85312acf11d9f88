import { onScopeDispose, ref, type Ref } from 'vue';

const ACTIVITY = ['pointermove', 'pointerdown', 'keydown', 'wheel'] as const;

/**
 * Whether anyone has touched the pointer or keyboard in the last `ms` (true at first): a TV's controls show then and
 * fade out after, so an unattended wall has nothing floating over its content.
 */
export function useRecentActivity(ms: number): Ref<boolean> {
  const active = ref(true);
  let timer = setTimeout(() => { active.value = false; }, ms);
  const wake = (): void => {
    active.value = true;
    clearTimeout(timer);
    timer = setTimeout(() => { active.value = false; }, ms);
  };
  for (const e of ACTIVITY) window.addEventListener(e, wake, { passive: true });
  onScopeDispose(() => {
    clearTimeout(timer);
    for (const e of ACTIVITY) window.removeEventListener(e, wake);
  });
  return active;
}
