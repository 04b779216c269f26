/**
 * The wide-screen workbench's geometry, as globals.css lays it out
 * (`.wb-layout`, `.wb-divider`, `.wb-aside`): the inline scripts estimate
 * the first terminal's box from the window with it, before the page's
 * markup is laid out (inline-estimate.ts). e2e/terminal.test.ts checks the
 * estimate against the laid-out box.
 */

/** The lesson's share of the width until the learner drags the divider (`--lesson`). */
export const DEFAULT_SPLIT = 0.5;
/** The site header above the workbench (`top-14`, the aside's `calc(100dvh - 3.5rem)`). */
export const HEADER_HEIGHT = 56;
/** The divider's column (`0.4rem`). */
export const DIVIDER_WIDTH = 6.4;
/** The aside's left border (`border-l`), outside its client box. */
export const ASIDE_BORDER = 1;
