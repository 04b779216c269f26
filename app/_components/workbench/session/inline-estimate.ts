import { PADDING_X, PADDING_Y, TERMINAL_CHROME_HEIGHT, TERMINAL_FONT_SIZE, TERMINAL_LINE_HEIGHT } from "../terminals/terminal-size";
import { TERMINAL_FONT } from "../terminals/terminal-theme";
import { ASIDE_BORDER, DEFAULT_SPLIT, DIVIDER_WIDTH, HEADER_HEIGHT } from "../workbench-geometry";

/**
 * estimateTerminalSize (terminal-size.ts) for the inline script, with the
 * same constants; early-socket.test.ts checks that both give the same size.
 */
export const INLINE_ESTIMATE = `function(box){var cw=${TERMINAL_FONT_SIZE}*0.6,ch=Math.ceil(${TERMINAL_FONT_SIZE}*1.17);
var c=document.createElement("canvas").getContext("2d");if(c){c.font=${JSON.stringify(`${TERMINAL_FONT_SIZE}px ${TERMINAL_FONT}`)};var m=c.measureText("W");
if(m.width>0)cw=m.width;var h=m.fontBoundingBoxAscent+m.fontBoundingBoxDescent;if(h>0)ch=Math.ceil(h)}
var w=box.clientWidth,hh=box.clientHeight-${TERMINAL_CHROME_HEIGHT},rh=Math.floor(ch*${TERMINAL_LINE_HEIGHT});
if(w<=0||hh<=0)return{cols:80,rows:24};return{cols:Math.max(2,Math.floor((w-${PADDING_X})/cw)),rows:Math.max(1,Math.floor((hh-${PADDING_Y})/rh))}}`;

/**
 * The wide-screen workbench's box (the aside's client size), computed from
 * the window (workbench-geometry.ts), not measured: the early scripts run
 * at the head's start, before the page is laid out, and measuring the box
 * later forced a first layout of the whole page (~120–210 ms on 2 cores,
 * Chromium traces of bench:web) before the sandbox request could leave. The
 * lesson makes the page scroll: a classic scrollbar's width is measured on
 * a small element while the document is still empty (0 where scrollbars
 * overlay the page, as in headless Chromium). For INLINE_ESTIMATE.
 */
export const INLINE_WORKBENCH_BOX = `function(){var d=document.documentElement,p=document.createElement("div");
p.style.cssText="position:absolute;top:-200px;width:100px;height:100px;overflow:scroll;visibility:hidden";d.appendChild(p);
var w=innerWidth-(p.offsetWidth-p.clientWidth);d.removeChild(p);
return{clientWidth:Math.round(w-w*${DEFAULT_SPLIT}-${DIVIDER_WIDTH}-${ASIDE_BORDER}),clientHeight:innerHeight-${HEADER_HEIGHT}}}`;
