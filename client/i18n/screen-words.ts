import type { ScreenDefinition } from '../../server/protocol';
import type { Locale } from '../format';

/**
 * The screen as the wall shows it in `locale`: title, description, widget titles and option words from the file's
 * `locales[locale]` where it gives them, the file's own words elsewhere. Option words are laid over the widget's
 * options key by key (a flow's `steps` is replaced whole).
 */
export function localizeScreen(screen: ScreenDefinition, locale: Locale): ScreenDefinition {
  const words = screen.locales?.[locale];
  if (!words) return screen;
  const widgets = Object.fromEntries(Object.entries(screen.widgets).map(([name, widget]) => {
    const own = words.widgets[name];
    if (own === undefined) return [name, widget];
    if (typeof own === 'string') return [name, { ...widget, title: own }];
    return [name, { ...widget, title: own.title ?? widget.title, options: { ...widget.options, ...own.options } }];
  }));
  return { ...screen, title: words.title ?? screen.title, description: words.description ?? screen.description, widgets };
}
