// Experiments (issue 14): the sweep's validation, its determinism across workers, the CSV round
// trip and the command line writing the same numbers.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  jobs,
  lossDraws,
  mustSweep,
  pointScenario,
  pointValues,
  runJob,
  runSweepHere,
  summarise,
  validateSweep,
  type RunResult,
} from '../../core/sweep/sweep.ts';
import { runSweepNode } from '../../core/sweep/node.ts';
import { CsvInvalid, parseCsv, toCsv } from '../../core/sweep/csv.ts';
import { parseSweepArgs, sweepCsv } from '../../core/sweep/cli.ts';
import { runScenario } from '../../core/engine/run.ts';

const base = {
  scenario: 'fig3',
  param: 'l2HandoverMs',
  from: 0,
  to: 100,
  step: 50,
  modes: ['mipv6', 'anticipated-mobile-stateless', 'beth'],
  seeds: 2,
};

function fields(input: unknown): string[] {
  const v = validateSweep(input);
  return v.ok ? [] : v.errors.map((e) => e.field);
}

const byIndex = (rs: readonly RunResult[]) => [...rs].sort((a, b) => a.index - b.index);

describe('sweep: validation names the field', () => {
  it('accepts the issue example and fills the defaults', () => {
    const v = validateSweep(base);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.spec).toMatchObject({ seedStart: 1, buffering: true });
  });
  it.each([
    [{ from: 200, to: 0 }, 'to', /below from/],
    [{ step: 0 }, 'step', /above 0/],
    [{ step: -5 }, 'step', /above 0/],
    [{ from: -1 }, 'from', /between 0 and 5000 ms/],
    [{ to: 1e9 }, 'to', /between 0 and 5000 ms/],
    [{ from: 'a' }, 'from', /a number/],
    [{ step: 0.001, to: 5000 }, 'step', /at most 201/],
    [{ param: 'colour' }, 'param', /one of l2HandoverMs/],
    [{ modes: [] }, 'modes', /list of modes/],
    [{ modes: ['mipv6', 'mipv6'] }, 'modes[1]', /twice/],
    [{ modes: ['mipv6', 'fast'] }, 'modes[1]', /one of mipv6/],
    [{ seeds: 0 }, 'seeds', /1 to 100/],
    [{ seeds: 2.5 }, 'seeds', /whole number/],
    [{ scenario: 'nope' }, 'scenario', /built-in scenario id/],
    [{ buffering: 'yes' }, 'buffering', /true or false/],
    [{ param: 'bufferPackets', from: 0, to: 10, step: 0.5 }, 'step', /whole/],
    [{ param: 'lossProbability', from: 0, to: 1, step: 0.1 }, 'to', /between 0 and 0.95/],
  ])('%j → %s', (change, field, message) => {
    const v = validateSweep({ ...base, ...change });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const e = v.errors.find((x) => x.field === field);
    expect(e, JSON.stringify(v.errors)).toBeDefined();
    expect(e!.message).toMatch(message);
  });
  it('reports every bad field at once, and never throws on junk', () => {
    expect(fields({ ...base, from: 'x', step: 0, modes: ['z'] })).toEqual(['from', 'step', 'modes[0]']);
    for (const junk of [null, 3, 'fig3', [], { modes: 'mipv6' }]) expect(fields(junk).length).toBeGreaterThan(0);
  });
  it('decimal steps do not drift: 0 … 0.3 by 0.1 is four points', () => {
    expect(pointValues({ from: 0, to: 0.3, step: 0.1 })).toEqual([0, 0.1, 0.2, 0.3]);
    expect(pointValues({ from: 0, to: 200, step: 10 })).toHaveLength(21);
  });
});

describe('sweep: deterministic per seed, whatever the workers', () => {
  const spec = mustSweep(base);
  it('one run of the sweep equals the same scenario run on its own with the trace on', async () => {
    const j = jobs(spec).find((x) => x.mode === 'anticipated-mobile-stateless' && x.value === 50)!;
    const m = await runJob(spec, j);
    const w = await runScenario(pointScenario(spec, j.value, j.mode, j.seed), { seed: j.seed, trace: true });
    const h = w.measures.handovers[0]!;
    expect(m.latencyUs).toBe(h.l3LatencyUs);
    expect(m.lost).toBe(h.lost);
    expect(m.buffered).toBe(h.buffered);
  });
  it('in this thread, on one worker and on two workers: the same points', async () => {
    const here = await runSweepHere(spec);
    const one = await runSweepNode(spec, { workers: 1 });
    const two = await runSweepNode(spec, { workers: 2 });
    expect(one.error).toBeUndefined();
    expect(two.error).toBeUndefined();
    expect(byIndex(one.results)).toEqual(here);
    expect(byIndex(two.results)).toEqual(here);
    // Seeds matter (the RA timing of standard MIPv6), so this is not a comparison of constants.
    const mip = here.filter((r) => r.mode === 'mipv6' && r.point === 0).map((r) => r.m.latencyUs);
    expect(new Set(mip).size).toBeGreaterThan(1);
  });
  it('summaries: mean, min and max over the seeds of each point and mode', async () => {
    const rs = await runSweepHere(spec);
    const s = summarise(spec, rs);
    expect(s).toHaveLength(3 * 3);
    const p = s.find((x) => x.mode === 'mipv6' && x.point === 0)!;
    const lat = rs.filter((r) => r.mode === 'mipv6' && r.point === 0).map((r) => r.m.latencyUs!);
    expect(p.stats.latencyUs).toEqual({
      mean: (lat[0]! + lat[1]!) / 2,
      min: Math.min(...lat),
      max: Math.max(...lat),
      n: 2,
    });
  });
});

describe('sweep: the parameters the lab form does not have', () => {
  it('loss draws: a higher probability never loses fewer on the same seed; 0 loses none', () => {
    for (let seed = 1; seed <= 50; seed++) {
      let prev = lossDraws(seed, 0, ['HI', 'F-BU']);
      expect(prev.every((d) => d.count === 0)).toBe(true);
      for (const p of [0.2, 0.5, 0.8, 0.95]) {
        const d = lossDraws(seed, p, ['HI', 'F-BU']);
        d.forEach((x, i) => expect(x.count).toBeGreaterThanOrEqual(prev[i]!.count));
        prev = d;
      }
    }
  });
  it('speed: the written speed (100 m/s) changes nothing; at 50 m/s the handover comes later', async () => {
    const sp = mustSweep({ ...base, param: 'speedMps', from: 50, to: 100, step: 50, modes: ['mipv6'], seeds: 1 });
    const [slow, same] = await runSweepHere(sp);
    const written = (await runScenario('mipv6', { seed: 1, trace: false })).measures.handovers[0]!;
    expect(same!.m.latencyUs).toBe(written.l3LatencyUs);
    const w = await runScenario(pointScenario(sp, 50, 'mipv6', 1), { seed: 1, trace: false });
    expect(w.measures.handovers[0]!.l2DownUs!).toBeGreaterThan(written.l2DownUs! * 1.8);
    expect(slow!.m.handovers).toBe(1);
  });
  it('HI / F-BU loss: certain loss makes the anticipated handover fall back; none does not', async () => {
    const sp = mustSweep({
      ...base,
      param: 'lossProbability',
      from: 0,
      to: 0.95,
      step: 0.95,
      modes: ['anticipated-mobile-stateless'],
      seeds: 4,
    });
    const rs = await runSweepHere(sp);
    expect(rs.filter((r) => r.value === 0).every((r) => !r.m.fellBack)).toBe(true);
    expect(rs.filter((r) => r.value === 0.95).some((r) => r.m.fellBack)).toBe(true);
  });
});

describe('sweep: CSV', () => {
  const spec = mustSweep(base);
  it('round-trips: the file reads back into the same sweep and runs', async () => {
    const rs = await runSweepHere(spec);
    const text = toCsv(spec, [...rs].reverse(), '9.8.7');
    expect(text).toMatch(
      /^# fmip-lab 9\.8\.7 sweep\n# scenario: fig3\n# parameter: l2HandoverMs from 0 to 100 step 50 ms/,
    );
    expect(text).toContain('# seeds: 1..2 (2 per point)');
    expect(parseCsv(text)).toEqual({ version: '9.8.7', spec, results: rs });
  });
  it('a damaged file gets an error naming the line and column', async () => {
    const rs = await runSweepHere(spec, { only: jobs(spec).slice(0, 2) });
    const text = toCsv(spec, rs, '1.0.0');
    const lines = text.split('\n');
    const row = lines.findIndex((l) => l.startsWith('0,0,'));
    const bad = [...lines];
    bad[row] = bad[row]!.replace(/^0,0,mipv6,1,[^,]+,/, '0,0,mipv6,1,soon,');
    expect(() => parseCsv(bad.join('\n'))).toThrow(
      new CsvInvalid(`line ${row + 1}, column latency_ms: expected milliseconds, got "soon"`),
    );
    expect(() => parseCsv(text.replace('"seeds":2', '"seeds":0'))).toThrow(/seeds/);
    expect(() => parseCsv('a,b\n1,2\n')).toThrow(/line 1/);
  });
});

describe('sweep: the command line', () => {
  it('parses the issue example into the same sweep', () => {
    const a = parseSweepArgs(
      'fig3 --param l2HandoverMs=0:200:10 --modes mipv6,anticipated-mobile-stateless,beth --seeds 5 --format csv'.split(
        ' ',
      ),
    );
    expect(typeof a).toBe('object');
    if (typeof a === 'string') return;
    expect(a.spec).toEqual({ ...base, to: 200, step: 10, seeds: 5, seedStart: 1, buffering: true });
  });
  it('names the option at fault', () => {
    expect(parseSweepArgs(['fig3', '--param', 'l2HandoverMs=0:200', '--modes', 'mipv6'])).toMatch(/--param expects/);
    expect(parseSweepArgs(['fig3', '--param', 'l2HandoverMs=9:2:1', '--modes', 'mipv6'])).toMatch(/^--param TO: /);
    expect(parseSweepArgs(['fig3', '--param', 'l2HandoverMs=0:2:1', '--modes', 'mipv6,x'])).toMatch(/^--modes: /);
    expect(parseSweepArgs(['fig3', '--param', 'l2HandoverMs=0:2:1', '--modes', 'mipv6', '--seeds', 'many'])).toMatch(
      /^--seeds: /,
    );
  });
  it('npm run sim -- sweep … --format csv writes the numbers of the sweep run here', async () => {
    const args = ['fig3', '--param', 'l2HandoverMs=0:100:50', '--modes', 'mipv6,anticipated-mobile-stateless,beth'];
    const r = spawnSync(
      'node',
      ['--import', 'tsx', 'core/cli.ts', 'sweep', ...args, '--seeds', '2', '--format', 'csv'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const spec = mustSweep(base);
    expect(r.stdout).toBe(sweepCsv(spec, await runSweepHere(spec)));
    const bad = spawnSync('node', ['--import', 'tsx', 'core/cli.ts', 'sweep', 'fig3', '--param', 'speedMps=0:1:1'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--modes is required/);
  });
});
