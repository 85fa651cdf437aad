import { test, expect } from './fixtures.ts';

test('dragging the MN into the second cell sends the HI from oAR to nAR', async ({ page, consoleErrors }) => {
  await page.goto('/');
  const mn = page.getByRole('slider', { name: /Mobile node MN/ });
  await expect(mn).toBeVisible();
  const world = page.getByRole('group', { name: /Topology/ });
  const box = await world.boundingBox();
  const start = await mn.boundingBox();
  if (!box || !start) throw new Error('topology not laid out');
  // Drag from the MN's position in the oAR's cell to the right side of the world (the nAR's cell),
  // in steps, as a student's mouse would.
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, start.y + start.height / 2, { steps: 25 });
  await page.mouse.up();

  const hi = page.getByRole('button', { name: 'HI from oAR to nAR' });
  await expect(hi).toBeVisible();
  // The terminal logs the send and the arrival.
  await expect(page.locator('.xterm-rows')).toContainText('oAR  tx  HI oAR -> nAR');
  await expect(page.locator('.xterm-rows')).toContainText('nAR  rx  HI oAR -> nAR');
  // Its bytes: an IPv6 header (version 6, next header 58 = ICMPv6, hop limit 255) then ICMPv6 type 173.
  await hi.click();
  const hex = page.getByLabel('Packet bytes');
  await expect(hex).toContainText('0000  60 00 00 00');
  await expect(hex).toContainText('3a ff 20 01');
  await expect(hex).toContainText('0020  00 00 00 00 00 00 00 01 ad 00');
  expect(consoleErrors).toEqual([]);
});

test('the MN moves with the keyboard alone and the same HI follows', async ({ page, consoleErrors }) => {
  await page.goto('/');
  const mn = page.getByRole('slider', { name: /Mobile node MN/ });
  await mn.focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('button', { name: 'HI from oAR to nAR' })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
