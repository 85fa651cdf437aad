// Accessibility, audited (issue 15): axe-core (the maintained audit engine, through
// @axe-core/playwright) on every page and the states a learner reaches — the lab at desktop and
// phone sizes, with a handover on the ladder and a message open in the inspector, the lab's error
// states, the embed in light and dark — failing on any serious or critical violation.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { FIG3, dragToNar, handoverDone, pauseRun } from './helpers.ts';

/** Serious and critical violations, one line each: rule, impact, how many nodes, the first target. */
async function audit(page: Page, what: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  // AXE_ALL=1 also prints the moderate and minor ones (not failures) while working on the page.
  if (process.env.AXE_ALL)
    for (const v of violations)
      console.log(`${what}: ${v.id} (${v.impact}) ×${v.nodes.length} ${v.nodes[0]?.target.join(' ')}`);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return bad.map(
    (v) =>
      `${what}: ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`)
        .join(' | ')}`,
  );
}

/**
 * axe does not measure the contrast of SVG text, and the ladder and the world are SVG: each visible
 * <text> is measured here as axe measures HTML (WCAG 1.4.3, 4.5:1 below 18.66 px bold / 24 px):
 * its fill, with the opacities above it, over the first opaque background behind the SVG.
 */
async function svgTextContrast(page: Page, what: string): Promise<string[]> {
  const bad = await page.evaluate(() => {
    const rgba = (c: string): number[] | null => {
      const m = /^rgba?\(([^)]+)\)$/.exec(c.trim());
      if (!m) return null;
      const v = m[1]!
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return [v[0]!, v[1]!, v[2]!, v[3] ?? 1];
    };
    const lum = ([r, g, b]: number[]) => {
      const f = (x: number) => ((x /= 255) <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const out: string[] = [];
    for (const t of document.querySelectorAll('svg text')) {
      const el = t as SVGTextElement;
      const box = el.getBBox();
      if (box.width === 0 || !el.textContent?.trim()) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden' || cs.display === 'none') continue;
      let fill = rgba(cs.fill);
      if (!fill) {
        out.push(`"${el.textContent}" has a fill this check cannot read: ${cs.fill}`);
        continue;
      }
      let alpha = fill[3]! * Number(cs.fillOpacity);
      for (let n: Element | null = el; n && n.tagName !== 'svg'; n = n.parentElement)
        alpha *= Number(getComputedStyle(n).opacity);
      let bg: number[] | null = null;
      // A plot that paints its own paper (a first rect covering the whole SVG, as the experiments'
      // plot does for its PNG export) is read on that paper, whatever the page's scheme.
      const svg = el.closest('svg')!;
      const paper = svg.querySelector(':scope > rect');
      if (paper && paper === svg.firstElementChild) {
        const [p, s] = [paper.getBoundingClientRect(), svg.getBoundingClientRect()];
        const f = rgba(getComputedStyle(paper).fill);
        if (
          f &&
          f[3] === 1 &&
          p.left <= s.left + 1 &&
          p.top <= s.top + 1 &&
          p.right >= s.right - 1 &&
          p.bottom >= s.bottom - 1
        )
          bg = f;
      }
      for (let n: Element | null = bg ? null : svg; n; n = n.parentElement) {
        const b = rgba(getComputedStyle(n).backgroundColor);
        if (b && b[3]! > 0) {
          bg = b;
          break;
        }
      }
      bg ??= [255, 255, 255, 1];
      fill = fill.map((c, i) => (i < 3 ? c * alpha + bg![i]! * (1 - alpha) : 1));
      const [a, b] = [lum(fill), lum(bg)];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(cs.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5))
        out.push(
          `"${el.textContent.slice(0, 30)}" ${ratio.toFixed(2)}:1 (${cs.fill} on rgb(${bg.slice(0, 3).join(', ')}))`,
        );
    }
    return [...new Set(out)];
  });
  return bad.map((b) => `${what}: svg text contrast ${b}`);
}

test('the lab at 1280×720 and 390×844: loaded, after a handover, a message inspected', async ({
  page,
  consoleErrors,
}) => {
  // Four axe audits of the whole lab and a handover: about 70 s of work on a loaded 2-core machine
  // (session 8 measured it), against the default 60 s.
  test.setTimeout(120_000);
  const found: string[] = [];
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(FIG3);
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  found.push(...(await audit(page, 'lab 1280 loaded')));
  await dragToNar(page);
  await handoverDone(page);
  await pauseRun(page);
  await page.getByRole('group', { name: 'Message ladder' }).getByRole('button', { name: /^HI\b/ }).first().click();
  await expect(page.getByRole('region', { name: /Inspector|Packet/i }).first()).toBeVisible();
  found.push(...(await audit(page, 'lab 1280 inspected')), ...(await svgTextContrast(page, 'lab 1280 light')));
  await page.emulateMedia({ colorScheme: 'dark' });
  found.push(...(await svgTextContrast(page, 'lab 1280 dark')));
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 390, height: 844 });
  found.push(...(await audit(page, 'lab 390 inspected')));
  await page.goto(FIG3);
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  found.push(...(await audit(page, 'lab 390 loaded')));
  expect(found).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('the lab in its other states: notices, a share link, a stopped engine, the dark scheme', async ({
  page,
  consoleErrors,
}) => {
  const found: string[] = [];
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  // Bad URL parameters: the notice is shown and the lab runs on.
  await page.goto('/?seed=abc&mode=warp&testhooks=1');
  await expect(page.getByRole('status').filter({ hasText: 'URL parameter seed="abc"' })).toBeVisible();
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByLabel('Share link')).toBeVisible();
  found.push(...(await audit(page, 'lab dark, notice, share link')));
  await page.evaluate(() => (window as unknown as { fmipLab: { crash(): void } }).fmipLab.crash());
  await expect(page.getByRole('alert').getByRole('button', { name: 'Restart the engine' })).toBeVisible();
  found.push(...(await audit(page, 'lab dark, engine stopped')));
  await page.emulateMedia({ colorScheme: 'light' });
  found.push(...(await audit(page, 'lab light, engine stopped')));
  expect(found).toEqual([]);
  // The crash is the test's own doing; nothing else may log an error.
  expect(consoleErrors.filter((e) => !e.includes('engine crash requested by a test'))).toEqual([]);
  consoleErrors.length = 0;
});

test('the embed: light, dark, phone width, and with its parameter problems shown', async ({ page, consoleErrors }) => {
  const found: string[] = [];
  await page.setViewportSize({ width: 1280, height: 720 });
  for (const theme of ['light', 'dark']) {
    await page.goto(`/embed/embed.html?scenario=fig3&speed=1000&end=1600&theme=${theme}`);
    await expect(page.getByLabel('Time cursor')).toHaveText('1600.000 ms', { timeout: 20_000 });
    found.push(...(await audit(page, `embed ${theme}`)), ...(await svgTextContrast(page, `embed ${theme}`)));
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/embed/embed.html?view=sideways&colour=red&autoplay=0');
  await expect(page.getByRole('alert')).toContainText('unknown parameter "colour"');
  await expect(page.getByRole('group', { name: 'Message ladder' })).toBeVisible();
  found.push(...(await audit(page, 'embed 390, problems')));
  await page.goto('/embed/embed.html?view=measures&theme=dark&autoplay=0');
  found.push(...(await audit(page, 'embed measures dark')));
  expect(found).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('the course page (iframe, web components, image), the embed dialog and presenter mode', async ({
  page,
  consoleErrors,
}) => {
  const found: string[] = [];
  await page.setViewportSize({ width: 1280, height: 720 });
  // axe reads the web components' open shadow roots and the iframe's document too.
  await page.goto('/examples/course-page.html');
  await expect(page.locator('fmip-ladder').getByLabel('Time cursor')).toHaveText('2200.000 ms', { timeout: 30_000 });
  await expect(page.locator('fmip-lab').getByRole('group', { name: 'Message ladder' })).toBeVisible();
  found.push(...(await audit(page, 'course page')));
  await page.goto(FIG3);
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  await page.getByRole('button', { name: 'Embed…' }).click();
  await expect(page.getByRole('dialog').frameLocator('iframe').getByLabel('Time cursor')).toBeVisible();
  found.push(...(await audit(page, 'embed dialog')));
  await page.goto(`${FIG3}&presenter=1`);
  await expect(page.getByRole('group', { name: 'Message ladder' }).getByRole('button').first()).toBeVisible({
    timeout: 30_000,
  });
  found.push(...(await audit(page, 'presenter')), ...(await svgTextContrast(page, 'presenter')));
  expect(found).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('the lab with its panels open: State, the console with output, a lesson step, experiments with a plot', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  const found: string[] = [];
  for (const [w, h] of [
    [1280, 720],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto(FIG3);
    await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
    // The State panel, open on a node with tables, at the end of the run.
    await page.getByRole('button', { name: 'Run to end' }).click();
    await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Node state' }).click();
    const state = page.getByRole('region', { name: 'State at the cursor' });
    await state.getByLabel('Node whose state is shown').selectOption('oAR');
    await expect(state.getByRole('table').first()).toBeVisible();
    found.push(...(await audit(page, `lab ${w}, State panel`)));
    // The console with output: help, a table, and an error line.
    await page.getByRole('textbox', { name: /^Console command line/ }).focus();
    for (const line of ['help', 'show neighbors nAR', 'move MN nAR2']) {
      await page.keyboard.type(line);
      await page.keyboard.press('Enter');
    }
    const terminal = page.getByRole('group', { name: 'Console' });
    await terminal.scrollIntoViewIfNeeded();
    await expect(terminal.locator('.xterm-accessibility-tree')).toContainText('move: no cell "nAR2"');
    found.push(...(await audit(page, `lab ${w}, console with output`)));
  }
  // A lesson beside the lab, its first step open, then the prediction step's form.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?testhooks=1');
  await page.getByRole('button', { name: 'Lessons' }).click();
  const lessons = page.getByRole('region', { name: 'Lessons' });
  await lessons.getByRole('button', { name: /^Figure 3 — the mobile-initiated/ }).click();
  await expect(lessons.getByRole('heading', { name: /^Step 1 of 5/ })).toBeVisible();
  found.push(...(await audit(page, 'lab 1280, lesson step 1')));
  await lessons.getByRole('button', { name: 'Next step' }).click();
  await expect(lessons.getByRole('heading', { name: /^Step 2 of 5/ })).toBeVisible();
  found.push(...(await audit(page, 'lab 1280, lesson step 2')));
  // Experiments with a plot, the numbers' table unfolded, in light and dark.
  await page.goto('/?scenario=fig3&seed=1');
  await page.getByRole('button', { name: 'Experiments' }).click();
  const view = page.getByRole('region', { name: 'Experiments' });
  await view.getByLabel('Parameter').selectOption('l2HandoverMs');
  await view.getByLabel(/^From/).fill('0');
  await view.getByLabel(/^To/).fill('100');
  await view.getByLabel('Step').fill('50');
  await view.getByLabel('Seeds per point').fill('1');
  await view.getByRole('button', { name: 'Run sweep' }).click();
  await expect(view.getByText(/^9 \/ 9 runs on \d+ workers? — done/)).toBeVisible({ timeout: 30_000 });
  await view.getByText(/^The numbers: mean/).click();
  found.push(...(await audit(page, 'experiments, plot')), ...(await svgTextContrast(page, 'experiments light')));
  await page.emulateMedia({ colorScheme: 'dark' });
  found.push(...(await audit(page, 'experiments dark')), ...(await svgTextContrast(page, 'experiments dark')));
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 390, height: 844 });
  found.push(...(await audit(page, 'experiments 390, plot')));
  expect(found).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
