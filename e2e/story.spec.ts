// Issue 9, "Topology completes the story" and "Measures as a picture", and a student's review:
// the §8 attacker and the tunnel it diverts, the radio link down during the layer-2 handover,
// packet dots that open in the inspector (mouse and keyboard), "pending" for what is still being
// measured, a first-visit hint that goes once the student acts, the run's state said in one place,
// and the State panel as a tab beside the inspector.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

/** Loads a scenario, runs it to its end at once, then puts the cursor at `t` µs. */
async function at(page: Page, scenario: string, t: number): Promise<void> {
  await page.goto(`/?scenario=${scenario}&seed=1`);
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled({ timeout: 30_000 });
  await page.getByRole('slider', { name: 'Time' }).fill(String(t));
}

test('the §8 attacker is drawn where it sits, and the tunnel its forged F-BU diverts to it', async ({
  page,
  consoleErrors,
}) => {
  const world = page.getByRole('group', { name: /Topology/ });
  // Before the forgery (2.2 s): the attacker is there, nothing goes to it.
  await at(page, 'beth-attacker-open', 2_000_000);
  await expect(world.getByRole('img', { name: "Attacker X (§8) in nAR's cell" })).toBeVisible();
  await expect(world.getByRole('img', { name: /diverted to the attacker/ })).toHaveCount(0);
  // After it: the oAR's forwarding tunnel runs oAR → nAR → X (§8.1, no security association).
  await page.getByRole('slider', { name: 'Time' }).fill('2300000');
  await expect(
    world.getByRole('img', {
      name: /^Forwarding tunnel .*from oAR through nAR to X, diverted to the attacker X \(§8\)$/,
    }),
  ).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('the radio link is drawn down from Disconnect to Connect, then up to the new router', async ({
  page,
  consoleErrors,
}) => {
  const world = page.getByRole('group', { name: /Topology/ });
  // Figure 3: L2-LD at 1705 ms, L2-LU at 1755 ms (the page's 50 ms layer-2 handover).
  await at(page, 'fig3', 1_600_000);
  await expect(world.getByRole('img', { name: 'Radio link MN–oAR up' })).toBeVisible();
  await page.getByRole('slider', { name: 'Time' }).fill('1730000');
  await expect(world.getByRole('img', { name: /^Radio link MN–oAR down: layer-2 handover/ })).toBeVisible();
  await expect(world.getByText('link down: L2 handover')).toBeVisible();
  await page.getByRole('slider', { name: 'Time' }).fill('1800000');
  await expect(world.getByRole('img', { name: 'Radio link MN–nAR up' })).toBeVisible();
  await expect(world.getByRole('img', { name: /down: layer-2 handover/ })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('a packet dot opens its packet in the inspector, by click or from the keyboard', async ({
  page,
  consoleErrors,
}) => {
  const world = page.getByRole('group', { name: /Topology/ });
  const inspector = page.getByRole('region', { name: 'Packet inspector' });
  // Figure 3 at 1505.6 ms: the RtSolPr is half-way from the MN to the oAR.
  await at(page, 'fig3', 1_505_600);
  const dot = world.getByRole('button', { name: 'RtSolPr from MN to oAR: open in the inspector' });
  await dot.click();
  await expect(inspector).toContainText('RtSolPr');
  // The data packets in flight: Enter opens the newest.
  const data = world.getByRole('button', { name: /^\d+ data packets in flight/ });
  await data.focus();
  await page.keyboard.press('Enter');
  await expect(inspector).toContainText('DATA');
  // And the signalling dot again, from the keyboard.
  await dot.focus();
  await page.keyboard.press('Enter');
  await expect(inspector).toContainText('RtSolPr');
  expect(consoleErrors).toEqual([]);
});

test('from the keyboard, every data packet in flight can be picked and opened, not only the newest', async ({
  page,
  consoleErrors,
}) => {
  const world = page.getByRole('group', { name: /Topology/ });
  const inspector = page.getByRole('region', { name: 'Packet inspector' });
  await at(page, 'fig3', 1_505_600);
  const data = world.getByRole('button', { name: /data packets? in flight/ });
  const n = Number(/^(\d+) data packets in flight/.exec((await data.getAttribute('aria-label')) ?? '')?.[1]);
  expect(n).toBeGreaterThan(1);
  await data.focus();
  // Home picks the oldest; each Right the next; the name says which and where in the count.
  await page.keyboard.press('Home');
  const seen: string[] = [];
  for (let i = 1; i <= n; i++) {
    await expect(data).toHaveAccessibleName(
      new RegExp(`^DATA #\\d+ on the hop \\w+ → \\w+, ${i} of ${n} data packets`),
    );
    seen.push(/#(\d+)/.exec((await data.getAttribute('aria-label'))!)![1]!);
    if (i < n) await page.keyboard.press('ArrowRight');
  }
  expect(new Set(seen).size).toBe(n);
  // Right at the newest stays there; Left goes back one; Enter opens the one picked.
  await page.keyboard.press('ArrowRight');
  await expect(data).toHaveAccessibleName(new RegExp(`, ${n} of ${n} data`));
  await page.keyboard.press('ArrowLeft');
  await expect(data).toHaveAccessibleName(new RegExp(`^DATA #${seen[n - 2]} on the hop`));
  // Enter opens that packet: the inspector shows a DATA packet, the packet list selects its row.
  await page.keyboard.press('Enter');
  await expect(inspector).toContainText(/^DATA — /);
  await expect(page.getByRole('listbox', { name: /^Packet list/ }).locator('[aria-selected="true"]')).toHaveAttribute(
    'id',
    `pl-${seen[n - 2]}`,
  );
  expect(consoleErrors).toEqual([]);
});

test('measures say "pending" while standard MIPv6 is still in DAD, and name lost and dropped apart', async ({
  page,
  consoleErrors,
}) => {
  // At 2 s, the baseline MN is in its 1 s DAD (from 1794 ms): its DAD and total are pending.
  await at(page, 'fig3', 2_000_000);
  const measures = page.getByRole('region', { name: 'Measures' });
  const mipv6 = measures.getByRole('row', { name: /^#1 \(standard MIPv6\)/ });
  await expect(mipv6.locator('td[data-col="dad"]')).toHaveText('pending');
  await expect(mipv6.locator('td[data-col="total"]')).toHaveText('pending');
  await expect(mipv6.locator('td[data-col="detection"]')).toHaveText(/^[\d.]+ ms$/);
  await expect(measures.getByRole('img', { name: /^#1 \(standard MIPv6\): .*DAD pending.* so far$/ })).toBeVisible();
  await expect(measures).not.toContainText('—');
  await expect(measures.getByRole('columnheader', { name: 'Lost on the way to / from MN' })).toBeVisible();
  await expect(measures.getByRole('columnheader', { name: 'Dropped by a node to / from MN' })).toBeVisible();
  await expect(measures.getByRole('columnheader', { name: 'Lost', exact: true })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('a first visit says what to do; the hint goes once the student acts, and stays gone', async ({
  page,
  consoleErrors,
}) => {
  await page.goto('/?scenario=fig3&seed=1');
  const hint = page.getByRole('note').filter({ hasText: 'Drag the MN into the next cell' });
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('Run to end');
  // The page opens playing: the hint says the MN moving by itself is the figure's own path.
  await expect(hint).toContainText("the MN follows the figure's own path");
  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(hint).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  await expect(hint).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('the run says in one place whether it is playing live, paused or rewound', async ({ page, consoleErrors }) => {
  await page.goto('/?scenario=fig3&seed=1');
  const state = page.getByTestId('run-state');
  await expect(state).toHaveText('Playing live');
  // "Go live" is offered only when there is somewhere to go back to.
  await expect(page.getByRole('button', { name: 'Go live' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(state).toHaveText('Paused');
  await page.getByRole('button', { name: 'Previous event' }).click();
  await expect(state).toHaveText(/^Rewound: engine at [\d.]+ ms$/);
  await page.getByRole('button', { name: 'Go live' }).click();
  await expect(state).toHaveText('Paused');
  // No second word for it elsewhere on the page.
  await expect(page.getByText(/^(live|rewound)\b/)).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test("played from a fresh load with no input, the run never says it was rewound, and stops at the scenario's end", async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(90_000);
  await page.goto('/?scenario=fig3&seed=1');
  const state = page.getByTestId('run-state');
  await expect(state).toHaveText(/^Playing live/);
  // Every text the run's state takes, as the page changes it (fast-forward asks the engine far
  // ahead and then slows before the handover: that once flashed "Rewound" and "Go live").
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="run-state"]')!;
    const seen: string[] = [el.textContent ?? ''];
    (window as unknown as { runStates: string[] }).runStates = seen;
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await expect(state).toHaveText(/^Paused at the scenario's end \(3500\.000 ms\)/, { timeout: 80_000 });
  const seen = await page.evaluate(() => (window as unknown as { runStates: string[] }).runStates);
  expect(seen.filter((t) => /Rewound/.test(t))).toEqual([]);
  expect(seen.some((t) => /fast-forwarding/.test(t))).toBe(true);
  // It stopped there: the clock does not run on.
  const time = page.getByRole('slider', { name: 'Time' });
  const v = await time.inputValue();
  await page.waitForTimeout(500);
  expect(await time.inputValue()).toBe(v);
  expect(Number(v)).toBe(3_500_000);
  // Play goes on live from the end.
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(state).toHaveText(/^Playing live/);
  expect(consoleErrors).toEqual([]);
});

test('the State panel is a tab beside the inspector, in view at 1280×720', async ({ page, consoleErrors }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await at(page, 'fig3', 3_000_000);
  const tab = page.getByRole('tab', { name: 'Node state' });
  await expect(tab).toBeInViewport();
  await tab.click();
  await expect(page.getByRole('region', { name: 'State at the cursor' })).toBeVisible();
  // Opening a packet brings the packet tab back.
  await page.getByRole('button', { name: /^F-BU\b.* from MN to oAR, sent/ }).click();
  await expect(page.getByRole('tab', { name: 'Packet' })).toHaveAttribute('aria-selected', 'true');
  expect(consoleErrors).toEqual([]);
});
