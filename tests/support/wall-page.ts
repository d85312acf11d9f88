import type { Page } from 'playwright-core';

/**
 * Waits until every widget on the page that shows a metric has a value (its data-age label no longer says
 * it is waiting). Widgets without a metric (clock, text, source status, alert feed) have no label.
 */
export async function waitForValues(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(() => {
    const ages = [...document.querySelectorAll('[data-testid="data-age"]')];
    return document.querySelectorAll('.widget').length > 0 && ages.every((a) => a.textContent && !/等待数据|waiting/i.test(a.textContent));
  }, undefined, { timeout: timeoutMs, polling: 250 });
}

/** Painted (non-transparent) pixels of each canvas on the page. */
export function paintedPixels(page: Page): Promise<number[]> {
  return page.$$eval('canvas', (canvases) => canvases.map((c) => {
    const ctx = (c as HTMLCanvasElement).getContext('2d');
    if (!ctx || c.width === 0 || c.height === 0) return 0;
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  }));
}

/**
 * Text that does not fit, in every widget and in the screen's header (fault descriptions start with the widget id,
 * or "header"). An element holding text directly is at fault when its text (its glyphs' own extent, measured by a
 * Range) sticks out of its widget, or is clipped across or down by itself or by any ancestor that hides overflow,
 * or is cut short with an ellipsis where that is not allowed:
 * - ids, numbers, deltas, dates, times and badges (a few characters) are never cut, nor are headings (a widget's or
 *   the screen's title: a name the screen's author gave, sized or wrapped to fit);
 * - any other text (a subject) may be cut only with its whole text in a title, and only when it could not fit even
 *   if its line gave it all the width beside the other parts of the line.
 */
export function textOverflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const TOKEN = /^[#№+\-−±▲▼↑↓¥$€]|^\d/;
    const faults: string[] = [];
    const textRect = (el: Element): DOMRect | null => {
      let l = Infinity, t = Infinity, r = -Infinity, b = -Infinity;
      for (const n of el.childNodes) {
        if (n.nodeType !== Node.TEXT_NODE || n.textContent!.trim() === '') continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        const box = range.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        l = Math.min(l, box.left); t = Math.min(t, box.top); r = Math.max(r, box.right); b = Math.max(b, box.bottom);
      }
      return l === Infinity ? null : new DOMRect(l, t, r - l, b - t);
    };
    const clips = (cs: CSSStyleDeclaration, axis: 'x' | 'y') => /hidden|clip/.test(axis === 'x' ? cs.overflowX : cs.overflowY);
    // Whether a cut subject would fit if its line gave it everything the other parts of the line leave (CSS px).
    const roomLeft = (el: HTMLElement) => {
      const line = el.parentElement!;
      const ls = getComputedStyle(line);
      let left = line.clientWidth - parseFloat(ls.paddingLeft) - parseFloat(ls.paddingRight);
      const parts = [...line.children].filter((c) => c !== el && (c as HTMLElement).offsetParent !== null) as HTMLElement[];
      for (const c of parts) {
        const cs = getComputedStyle(c);
        left -= Math.max(c.offsetWidth, c.scrollWidth) + parseFloat(cs.marginLeft) + parseFloat(cs.marginRight);
      }
      left -= (parseFloat(ls.columnGap) || 0) * parts.length; // a flex or grid line's gaps
      const es = getComputedStyle(el);
      return left - parseFloat(es.marginLeft) - parseFloat(es.marginRight);
    };
    for (const container of document.querySelectorAll<HTMLElement>('.widget, .screen-header, .stack-header')) {
      const id = container.getAttribute('data-widget-id') ?? 'header';
      const outer = container.getBoundingClientRect();
      for (const el of container.querySelectorAll<HTMLElement>('*')) {
        const t = textRect(el);
        // Rows rolling in or out of a list are clipped on purpose for the half second they move.
        if (!t || getComputedStyle(el).visibility === 'hidden' || el.closest('[class*="-enter-active"], [class*="-leave-active"]')) continue;
        const text = el.textContent!.trim();
        const short = text.slice(0, 40);
        const cs = getComputedStyle(el);
        const scale = el.offsetWidth > 0 ? el.getBoundingClientRect().width / el.offsetWidth : 1;
        // A glyph's content area is a little taller than its ink: a tenth of the font size either way is not a cut.
        const slackY = Math.max(1.5, 0.1 * parseFloat(cs.fontSize) * scale);
        const slackX = 1.5;
        const cut = cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1;
        if (cut) {
          const title = (el.closest('[title]')?.getAttribute('title') ?? '').trim();
          if (el.closest('h1, h2, h3')) faults.push(`${id}: the title "${short}" is cut with an ellipsis`);
          // Four characters or fewer is a badge, unless it is a name that gives way with its whole text in its title
          // (an alert's subject "包裹破损" on a crowded row).
          else if (TOKEN.test(text) || ([...text].length <= 4 && title !== text)) faults.push(`${id}: "${short}" (an id, number, date or badge) is cut with an ellipsis`);
          else if (title !== text) faults.push(`${id}: "${short}" is cut with an ellipsis and its whole text is in no title`);
          else if (el.scrollWidth <= roomLeft(el) + 1) faults.push(`${id}: "${short}" is cut with an ellipsis though its line has room`);
        }
        // What an ellipsis leaves is the element's own box; anything else is the text's own extent.
        const own = el.getBoundingClientRect();
        const seen = cut ? new DOMRect(Math.max(t.left, own.left), t.top, Math.min(t.right, own.right) - Math.max(t.left, own.left), t.height) : t;
        if (seen.left < outer.left - slackX || seen.right > outer.right + slackX || seen.top < outer.top - slackY || seen.bottom > outer.bottom + slackY) {
          faults.push(`${id}: "${short}" sticks out of the ${id === 'header' ? 'header' : 'widget'}`);
          continue;
        }
        for (let a: HTMLElement | null = cut ? el.parentElement : el; a; a = a === container ? null : a.parentElement) {
          const as = getComputedStyle(a);
          const x = clips(as, 'x');
          const y = clips(as, 'y');
          if (!x && !y) continue;
          const r = a.getBoundingClientRect();
          if (x && (seen.left < r.left - slackX || seen.right > r.right + slackX)) {
            faults.push(`${id}: "${short}" is clipped across (${Math.round(seen.width)} px of text in ${Math.round(r.width)} px)`);
            break;
          }
          if (y && (seen.top < r.top - slackY || seen.bottom > r.bottom + slackY)) {
            faults.push(`${id}: "${short}" is clipped down (${Math.round(seen.height)} px of text in ${Math.round(r.height)} px)`);
            break;
          }
        }
      }
    }
    return faults;
  });
}

/** The text of every widget, by widget id: to see values move. */
export function widgetTexts(page: Page): Promise<Record<string, string>> {
  return page.$$eval('.widget', (ws) => Object.fromEntries(ws.map((w) => [w.getAttribute('data-widget-id') ?? '', (w as HTMLElement).innerText])));
}

/**
 * Text drawn smaller than `minPx` screen px: each element holding text directly, inside a widget or the
 * screen header, with its computed font size times the canvas's scale (1 on the phone stack).
 */
export function smallText(page: Page, minPx: number): Promise<string[]> {
  return page.evaluate((min) => {
    const canvas = document.querySelector<HTMLElement>('[data-testid="screen-canvas"]');
    const scale = canvas && canvas.offsetWidth > 0 ? canvas.getBoundingClientRect().width / canvas.offsetWidth : 1;
    const faults: string[] = [];
    for (const el of document.querySelectorAll('.widget *, .screen-header *')) {
      const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (!hasText || el.getClientRects().length === 0) continue;
      const px = parseFloat(getComputedStyle(el).fontSize) * scale;
      if (px < min - 0.05) faults.push(`"${el.textContent!.trim().slice(0, 30)}" at ${px.toFixed(1)} px`);
    }
    return faults;
  }, minPx);
}
