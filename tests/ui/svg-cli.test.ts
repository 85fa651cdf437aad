// `npm run sim -- ID --format svg [--animate]` writes the ladder the page exports (issue 10 "DOM-free
// views", issue 13's image): the command line's bytes equal the export functions' (core/views/svg.ts)
// on the same trace, whether the ladder index is filled at once or, as the page's trace store does,
// grown reply by reply while the page draws views at earlier cursors. The page itself is compared
// with the command line in e2e/image.spec.ts; examples/fig3-ladder.svg (the course page's image) is
// checked here to be the command line's output.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../../core/cli.ts';
import { runScenario } from '../../core/engine/run.ts';
import { LadderIndex } from '../../core/views/ladder.ts';
import { animatedLadderSvg, ladderTitle, ladderToSvg } from '../../core/views/svg.ts';

function sim(...args: string[]) {
  return spawnSync('node', ['--import', 'tsx', 'core/cli.ts', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Figure 3, seed 1, run to its end, through the export functions as the page calls them. */
async function pageExport(seed: number) {
  const w = await runScenario('fig3', { seed, trace: true });
  const end = w.sc.durationUs;
  // The page's `trace.nodes`: mobiles, routers, then the HA and the CN.
  const known = [...w.sc.mobiles.map((m) => m.name), ...w.sc.routers.map((r) => r.name), w.sc.ha.name, w.sc.cn.name];
  // The page's trace store: records arrive in replies (here every 20 ms of virtual time) and the
  // ladder is drawn at each cursor on the way (its caches then hold earlier views' arrows).
  const ix = new LadderIndex();
  ix.scenario = 'fig3';
  let from = 0;
  for (let t = 20_000; from < w.records.length; t += 20_000) {
    let to = from;
    while (to < w.records.length && w.records[to]!.t <= t) to++;
    ix.append(w.records.slice(from, to));
    from = to;
    ix.view({ cursor: Math.min(t, end), stretch: true, known });
  }
  const view = ix.view({ cursor: end, stretch: true, known });
  const title = ladderTitle({ scenario: 'fig3', seed, mode: 'anticipated-mobile-stateless' });
  return { still: ladderToSvg(view, title), animated: animatedLadderSvg(view, { title }) };
}

describe('npm run sim -- ID --format svg', () => {
  it("writes the page's export of the same scenario and seed, byte for byte; --animate the animated one", async () => {
    const want = await pageExport(1);
    expect(want.still).toContain('<title>fig3: as written (anticipated-mobile-stateless), seed 1</title>');
    for (const m of ['RtSolPr', 'PrRtAdv code 0', 'HI [U]', 'HACK code 0', 'F-BU [A]', 'F-BACK status 0'])
      expect(want.still).toContain(`>${m}<`);

    const still = sim('fig3', '--seed', '1', '--format', 'svg');
    expect(still.stderr).toBe('');
    expect(still.status).toBe(0);
    expect(still.stdout).toBe(want.still);

    const dir = mkdtempSync(join(tmpdir(), 'fmip-svg-'));
    const out = join(dir, 'fig3.svg');
    const animated = sim('fig3', '--format', 'svg', '--animate', '--out', out);
    expect(animated.status).toBe(0);
    expect(animated.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(want.animated);
    expect(want.animated).toContain('<animate ');
    expect(want.animated).not.toMatch(/<script|\son[a-z]+=/i);
  });

  it('another seed gives its own title; Figure 4 keeps its lifeline order (MN, nAR, oAR, aAR)', () => {
    const r = sim('fig4', '--seed', '7', '--format', 'svg', '--linear');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('<title>fig4: as written (anticipated-mobile-stateless), seed 7</title>');
    const heads = [...r.stdout.matchAll(/font-weight="600" fill="#1b1f24">([^<]+)<\/text>/g)].map((m) => m[1]);
    // The title line first, then one head per lifeline.
    expect(heads.slice(1, 5)).toEqual(['MN', 'nAR', 'oAR', 'aAR']);
  });

  it("examples/fig3-ladder.svg (the course page's image) is `npm run sim -- fig3 --format svg --animate`", () => {
    const r = sim('fig3', '--format', 'svg', '--animate');
    expect(r.status).toBe(0);
    expect(readFileSync('examples/fig3-ladder.svg', 'utf8')).toBe(r.stdout);
  });

  it('bad options get a message naming the option', () => {
    expect(parseArgs(['fig3', '--animate'])).toBe('--animate applies to --format svg only (the format is json)');
    expect(parseArgs(['fig3', '--format', 'pcap', '--linear'])).toBe(
      '--linear applies to --format svg only (the format is pcap)',
    );
    expect(parseArgs(['fig3', '--format', 'svg', '--state-at', '1s'])).toMatch(/--state-at prints tables/);
    expect(parseArgs(['fig3', '--format', 'svg', '--animate'])).toEqual({
      scenario: 'fig3',
      seed: 1,
      format: 'svg',
      list: false,
      animate: true,
    });
    const r = sim('fig3', '--format', 'ladder', '--animate');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sim: --animate applies to --format svg only/);
    expect(r.stderr).toContain('--format svg [--animate]');
  });
});
