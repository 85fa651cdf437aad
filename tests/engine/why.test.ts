// Issue 9/10: every tx, rx and drop record of every figure scenario says why, with the section of
// the draft (or RFC) behind it, recorded by the engine with the event; and the reasons are the
// draft's (spot checks of the three the issue names).
import { describe, expect, it } from 'vitest';
import { builtinIds } from '../../core/scenario/builtin.ts';
import { run } from './helpers.ts';

const FIGURES = builtinIds().filter((id) => /^fig\d/.test(id));

describe('why on every packet event', () => {
  it('the figure scenarios are there', () => {
    expect(FIGURES).toEqual(
      expect.arrayContaining(['fig1', 'fig2', 'fig3', 'fig4', 'fig7', 'fig8', 'fig10', 'fig11', 'fig12']),
    );
  });

  it.each(FIGURES)('%s: every tx, rx and drop has a why with a section', async (id) => {
    const r = (await run(id)).records;
    const missing = r.filter(
      (x) => (x.kind === 'tx' || x.kind === 'rx' || x.kind === 'drop') && !(x.why && x.why.text && x.why.section),
    );
    expect(missing.slice(0, 3)).toEqual([]);
  });

  it('fig3: the MN sent a standard NA, not an F-NA, because it already had the F-BACK (§3.1.1, I-31)', async () => {
    const na = (await run('fig3')).records.find((x) => x.kind === 'tx' && x.msg === 'NA' && x.node === 'MN');
    expect(na && na.kind === 'tx' && na.why).toMatchObject({ section: '§3.1.1', conflict: 'I-31' });
    expect(na && na.kind === 'tx' && na.why?.text).toMatch(/standard NA, not an F-NA.*F-BACK/);
  });

  it('fig1: the nAR buffers because the HI asked with the U flag (§5.2.1)', async () => {
    const r = (await run('fig1')).records;
    const hi = r.find((x) => x.kind === 'tx' && x.msg === 'HI');
    expect(hi && hi.kind === 'tx' && hi.flags).toContain('U');
    const b = r.find((x) => x.kind === 'buffer' && x.node === 'nAR');
    expect(b && b.kind === 'buffer' && b.why).toEqual({
      text: 'the nAR buffers: the HI asked with the U flag',
      section: '§5.2.1',
    });
  });

  it('beth-attacker-secured: the forged message is dropped for want of a security association (§8)', async () => {
    const d = (await run('beth-attacker-secured')).records.find(
      (x) => x.kind === 'drop' && /unauthenticated/.test(x.reason),
    );
    expect(d && d.kind === 'drop' && d.why?.section).toBe('§8');
    expect(d && d.kind === 'drop' && d.why?.text).toMatch(/^dropped: unauthenticated/);
  });
});
