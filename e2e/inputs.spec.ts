// The other ways to move the MN (issue 6: "dragged with mouse or touch, and moved without
// dragging … the same moves, the same trace") and the reduced-motion preference.
import { test, expect } from './fixtures.ts';
import {
  FIG3,
  arrowNames,
  dragToNar,
  expectFigure3Order,
  handoverDone,
  paused,
  settledBox,
  upToCnBack,
} from './helpers.ts';

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true });

  test('dragging the MN with a finger gives Figure 3', async ({ page, consoleErrors }) => {
    await page.goto(FIG3);
    const mn = page.getByRole('slider', { name: /Mobile node MN/ });
    await expect(mn).toBeVisible();
    // A real touch sequence (the browser turns it into pointer events of type "touch").
    const cdp = await page.context().newCDPSession(page);
    await paused(page, async () => {
      // Where the MN is once paused (it moves along its scripted path while playing).
      const start = await settledBox(page, mn);
      const world = await page.getByRole('group', { name: /Topology/ }).boundingBox();
      if (!start || !world) throw new Error('MN not laid out');
      const y = start.y + start.height / 2;
      const x0 = start.x + start.width / 2;
      const x1 = world.x + (world.width * 350) / 520;
      // Listen first (its own round trip), then touch: the pointer events the page saw, by type.
      await page.evaluate(() => {
        const w = window as unknown as { pointerTypes: string[] };
        w.pointerTypes = [];
        addEventListener('pointermove', (e) => w.pointerTypes.push((e as PointerEvent).pointerType), true);
      });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y }] });
      for (let i = 1; i <= 20; i++)
        await cdp.send('Input.dispatchTouchEvent', {
          type: 'touchMove',
          touchPoints: [{ x: x0 + ((x1 - x0) * i) / 20, y }],
        });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      const types = await page.evaluate(() => (window as unknown as { pointerTypes: string[] }).pointerTypes);
      expect(types.length).toBeGreaterThan(0);
      expect(new Set(types)).toEqual(new Set(['touch']));
      // The MN is where the finger left it: in the nAR's cell (its centre is 350 m).
      await expect(mn).toHaveAttribute('aria-valuetext', /^x 3[4-5]\d m/);
    });
    await handoverDone(page);
    expectFigure3Order(await arrowNames(page));
    expect(consoleErrors).toEqual([]);
  });
});

test('"Move to cell" walks the MN there and gives the same ladder as dragging it', async ({ page, consoleErrors }) => {
  await page.goto(FIG3);
  await dragToNar(page);
  await handoverDone(page);
  const dragged = await arrowNames(page);

  await page.goto(FIG3);
  await paused(page, async () => {
    await page.getByLabel('Move to cell').selectOption('nAR');
    await page.getByRole('button', { name: 'Move MN' }).click();
    // It walks to the cell's centre (350 m), a step a frame.
    await expect(page.getByRole('slider', { name: /Mobile node MN/ })).toHaveAttribute('aria-valuetext', /^x 350 m/);
  });
  await handoverDone(page);
  const walked = await arrowNames(page);
  expectFigure3Order(walked);
  expect(upToCnBack(walked)).toEqual(upToCnBack(dragged));
  expect(consoleErrors).toEqual([]);
});

test('reduced motion: packets hold still half-way along their hop instead of gliding', async ({
  page,
  consoleErrors,
}) => {
  await page.goto(FIG3);
  const world = page.getByRole('group', { name: /Topology/ });
  const packets = world.locator('g.packets');
  // Data flows both ways every 20 ms: wait until some are on the wires, then stop the clock.
  await expect(packets).toHaveAttribute('data-count', /^[1-9]/);
  await page.getByRole('button', { name: 'Pause' }).click();
  /** How many packets are drawn somewhere else than the middle of a wire between two nodes. */
  const offMiddle = () =>
    world.evaluate((svg) => {
      const places = [...svg.querySelectorAll('g.router, g.host, g.mn')].map((g) => {
        const m = /translate\(([-\d.]+)[ ,]([-\d.]+)\)/.exec(g.getAttribute('transform') ?? '')!;
        return [Number(m[1]), Number(m[2])] as const;
      });
      const mids: (readonly [number, number])[] = [];
      for (const a of places) for (const b of places) mids.push([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]);
      let off = 0;
      let all = 0;
      for (const path of svg.querySelectorAll('g.packets path')) {
        // Each packet is "M<x - r> <y>a<r> …": its centre is (x, y).
        for (const m of (path.getAttribute('d') ?? '').matchAll(/M([-\d.]+) ([-\d.]+)a([\d.]+)/g)) {
          const x = Number(m[1]) + Number(m[3]);
          const y = Number(m[2]);
          all++;
          if (!mids.some(([mx, my]) => Math.abs(mx - x) < 0.2 && Math.abs(my - y) < 0.2)) off++;
        }
      }
      return { all, off };
    });

  const moving = await offMiddle();
  expect(moving.all).toBeGreaterThan(0);
  // Gliding: packets are wherever their flight has taken them at this instant.
  expect(moving.off).toBeGreaterThan(0);
  await expect(page.getByText(/^\s*Reduced motion:/)).toHaveCount(0);

  await page.emulateMedia({ reducedMotion: 'reduce' });
  await expect(page.getByText(/Reduced motion: each packet is shown still/)).toBeVisible();
  // The same instant, the same packets, each drawn at the middle of its wire.
  const still = await offMiddle();
  expect(still).toEqual({ all: moving.all, off: 0 });
  expect(consoleErrors).toEqual([]);
});
