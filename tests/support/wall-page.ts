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
 * Text that does not fit: every element holding text directly must lie inside its widget's box and
 * must not be clipped by its own box (scroll size beyond client size), unless it is cut short on purpose
 * with an ellipsis and its whole text in a title. Returns a description per fault.
 */
export function textOverflows(page: Page): Promise<string[]> {
  return page.$$eval('.widget', (widgets) => {
    // Cut short on purpose: an ellipsis, with the whole text in a title (shown on hover or a long press).
    const ellipsised = (el: Element) => getComputedStyle(el).textOverflow === 'ellipsis'
      && (el.closest('[title]')?.getAttribute('title') ?? '').trim() === el.textContent!.trim();
    const faults: string[] = [];
    for (const widget of widgets) {
      const box = widget.getBoundingClientRect();
      const id = widget.getAttribute('data-widget-id');
      for (const el of widget.querySelectorAll('*')) {
        const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
        if (!hasText) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        const text = el.textContent!.trim().slice(0, 40);
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
          faults.push(`${id}: "${text}" sticks out of the widget`);
        } else if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible' && !ellipsised(el)) {
          faults.push(`${id}: "${text}" is clipped (${el.scrollWidth} > ${el.clientWidth})`);
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
