import { test, expect } from './fixtures.ts';
import { settledBox } from './helpers.ts';

test('dragging the MN into the second cell sends the HI from oAR to nAR', async ({ page, consoleErrors }) => {
  await page.goto('/');
  const mn = page.getByRole('slider', { name: /Mobile node MN/ });
  await expect(mn).toBeVisible();
  // Paused, so the engine runs only as far as the steps below take it: the event log's last lines
  // are then the handover's (playing, a loaded machine ran on past them before the test read them).
  await page.getByRole('button', { name: 'Pause' }).click();
  const start = await settledBox(page, mn);
  const box = await page.getByRole('group', { name: /Topology/ }).boundingBox();
  if (!box || !start) throw new Error('topology not laid out');
  // Drag from the MN's position in the oAR's cell to the right side of the world (the nAR's cell),
  // in steps, as a student's mouse would.
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, start.y + start.height / 2, { steps: 25 });
  await page.mouse.up();

  // Event by event: the console's event log (up to the cursor) shows the send, then the arrival.
  const log = page.getByRole('list', { name: 'Events up to the cursor' });
  const until = async (re: RegExp) => {
    for (let i = 0; i < 40 && !re.test((await log.textContent()) ?? ''); i++)
      await page.getByRole('button', { name: 'Next event' }).click();
    await expect(log).toContainText(re);
  };
  // §5.2.1: the oAR sends the HI to the nAR (its flags, if any, are part of the label).
  await until(/oAR sent HI( \[[A-Z,]+\])? to nAR/);
  await until(/nAR received HI( \[[A-Z,]+\])? from oAR/);
  const hi = page.getByRole('button', { name: /^HI( \[[A-Z,]+\])? from oAR to nAR, sent [\d.]+ ms$/ });
  await expect(hi).toBeVisible();
  // Its bytes: an IPv6 header (version 6, next header 58 = ICMPv6, hop limit 255) then the ICMPv6 HI type.
  await hi.click();
  const hex = page.getByRole('group', { name: 'Packet bytes' });
  await expect(hex).toContainText('0000  60 00 00 00');
  await expect(hex).toContainText('3a ff 20 01');
  // Wireshark's layout: offset, two spaces, pairs with a wider gap after the eighth.
  await expect(hex).toContainText('0020  00 00 00 00 00 00 00 01  ad 00');
  expect(consoleErrors).toEqual([]);
});

test('the MN moves with the keyboard alone and the same HI follows', async ({ page, consoleErrors }) => {
  await page.goto('/');
  const mn = page.getByRole('slider', { name: /Mobile node MN/ });
  await mn.focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('button', { name: /^HI( \[[A-Z,]+\])? from oAR to nAR, sent [\d.]+ ms$/ })).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
