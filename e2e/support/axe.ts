// axe-core, injected into the page: its serious and critical violations, each as one
// line that says which rule, why, and an example element.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// Evaluated through the DevTools protocol rather than added as a <script>: the built
// site's Content-Security-Policy refuses inline scripts, and rightly so.
const AXE_SOURCE = readFileSync(AXE_PATH, 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Over the whole page, or only inside the element `selector` names. */
export async function seriousViolations(page: Page, selector?: string): Promise<string[]> {
  // `void 0`: the script's completion value is not sent back (serialising it never ends).
  await page.evaluate(`${AXE_SOURCE}\n;void 0`);
  const violations = await page.evaluate(async (scope) => {
    const axe = (
      window as unknown as { axe: { run: (context: Document | Element) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const context = scope ? document.querySelector(scope) : document;
    if (!context) throw new Error(`nothing matches ${scope}`);
    const result = await axe.run(context);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      count: v.nodes.length,
      target: v.nodes[0]?.target.join(' '),
    }));
  }, selector);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.count} node(s), e.g. ${v.target}`);
}
