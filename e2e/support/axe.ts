import { createRequire } from "node:module";
import type { Page } from "playwright-core";

/** axe-core's browser build, injected from node_modules (never fetched). */
const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** The rules of WCAG 2.1 A and AA (what RGAA 4 maps onto), and axe's best practices left out. */
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core on the page as it is now and returns the serious and
 * critical violations (minor and moderate ones are not counted by the
 * suite), each with the elements concerned.
 */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => "axe" in globalThis))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (tags) => {
    // A lesson's blocks off screen are not rendered until the reader comes near
    // them (content-visibility: auto, globals.css): axe reads colours, boxes and
    // scroll sizes from the rendering, so it would judge placeholders (a table's
    // box 6rem high "scrolls", a code block has no background yet). The audit
    // renders every block, as each is when a reader has scrolled to it.
    const rendered = document.createElement("style");
    rendered.textContent = ".lesson-blocks > * { content-visibility: visible !important; }";
    document.head.append(rendered);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const axe = (globalThis as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; any: Array<{ message: string }> }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }).finally(() => rendered.remove());
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ rule: v.id, impact: v.impact ?? "", help: v.help, targets: v.nodes.slice(0, 8).map((n) => `${n.target.join(" ")}: ${n.any[0]?.message ?? ""}`) }));
  }, WCAG_21_AA);
}

/** A readable list for a failed assertion. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `${f.impact} ${f.rule}: ${f.help}\n    ${f.targets.join("\n    ")}`).join("\n");
}
