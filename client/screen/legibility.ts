import type { DisplaySettings } from '../../server/protocol';

/** The smallest text on a phone or a desk, in CSS px: held close, its size is the browser's business. */
export const MIN_CSS_TEXT_PX = 12;
/**
 * The smallest text on a TV as a share of the window's height when the display's distance is not given:
 * 12 px of 1080, 24 px of 2160, so a 4K panel shows text at the physical size a 1080p one of its inches does.
 * On a 55" panel that is 7.6 mm, read at the reading angle below from about 1.9 m.
 */
export const DEFAULT_TEXT_SHARE = 12 / 1080;
/**
 * The angle the smallest text (its em height) should fill at the viewer's eye: 14 arcminutes, so a 55" panel
 * (685 mm of 1080 px) read from 5 m needs 5000 × tan 14′ = 20.4 mm, 32 px of 1080.
 */
export const READING_ANGLE_RAD = (14 / 60) * (Math.PI / 180);
/** Height over diagonal of a 16:9 panel: 9 / √(16² + 9²). */
const PANEL_HEIGHT_PER_DIAGONAL = 9 / Math.hypot(16, 9);

/**
 * The smallest text height the wall may draw, in screen px, on a window `viewportHeight` px tall: phones keep
 * the CSS minimum; a TV takes its share of the height, or, when the display's panel size and viewing distance
 * are known, the height that fills the reading angle at that distance. Never below the CSS minimum.
 */
export function minTextPx(viewportHeight: number, display: DisplaySettings, phone: boolean): number {
  if (phone) return MIN_CSS_TEXT_PX;
  let px = viewportHeight * DEFAULT_TEXT_SHARE;
  if (display.distance_m !== undefined && display.diagonal_in !== undefined) {
    const wallHeightMm = (display.panels?.rows ?? 1) * display.diagonal_in * 25.4 * PANEL_HEIGHT_PER_DIAGONAL;
    const textMm = display.distance_m * 1000 * Math.tan(READING_ANGLE_RAD);
    px = (textMm / wallHeightMm) * viewportHeight;
  }
  return Math.max(MIN_CSS_TEXT_PX, px);
}
