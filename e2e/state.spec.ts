// The State panel (issue 10): a node's tables at the cursor, folded from the trace (core/state.ts
// stateAt). Figure 3 run to its end: the oAR forwards in a tunnel from the oCoA to the nCoA
// (§3.1.3, §3.1.5) and the nAR has the MN in its neighbor cache (§3.1.1: the NA); rewinding to
// before the handover rewinds the panel — no tunnel, the nAR knows no MN.
import { test, expect } from './fixtures.ts';

test('the State panel follows the cursor forwards and backwards', async ({ page, consoleErrors }) => {
  test.setTimeout(90_000);
  await page.goto('/?scenario=fig3&seed=1');
  await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toBeVisible();
  await page.getByRole('button', { name: 'Run to end' }).click();
  await expect(page.getByRole('button', { name: 'Run to end' })).toBeDisabled({ timeout: 30_000 });

  // The State panel is a tab beside the packet inspector, in view next to the ladder.
  await page.getByRole('tab', { name: 'Node state' }).click();
  const panel = page.getByRole('region', { name: 'State at the cursor' });
  const node = panel.getByLabel('Node whose state is shown');
  await node.selectOption('oAR');
  // §3.1.5: the oAR tunnels packets for the oCoA to the nCoA.
  const tunnels = panel.getByRole('table').filter({ hasText: 'Other end' });
  await expect(tunnels).toContainText('to 2001:db8:1::10');
  await expect(tunnels).toContainText('MN (2001:db8:2::10)');
  await expect(panel.getByRole('row').filter({ hasText: /^oAR:/ })).toContainText('forwarding');
  await node.selectOption('nAR');
  await expect(panel.getByRole('table').filter({ hasText: 'Link-layer address' })).toContainText('2001:db8:2::10');

  // Back to 1 s, before the MN's move: no tunnel at the oAR, no MN at the nAR.
  await page.getByRole('slider', { name: 'Time' }).fill('1000000');
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText('State at 1000.000 ms');
  await expect(panel).toContainText('nAR has changed no protocol state yet.');
  await expect(panel.getByRole('table').filter({ hasText: 'Link-layer address' })).toHaveCount(0);
  await node.selectOption('oAR');
  await expect(panel.getByRole('table').filter({ hasText: 'Other end' })).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
