// Cases `npm run soak` found (issue 15), each kept as the scenario and engine seed that failed
// (tests/fixtures/soak/), with the invariants of tests/invariants.ts and the one fact its fix is about.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../core/engine/run.ts';
import type { World } from '../core/engine/world.ts';
import { fromHex, type TraceRecord } from '../core/trace.ts';
import { formatIPv6 } from '../core/wire/addr.ts';
import { invariantViolations, viewOf } from './invariants.ts';

async function soakCase(n: number): Promise<World> {
  const f = JSON.parse(readFileSync(new URL(`./fixtures/soak/case-${n}.json`, import.meta.url), 'utf8')) as {
    seed: number;
    scenario: object;
  };
  return runScenario(f.scenario, { seed: f.seed, trace: true });
}
const tunnels = (w: World) =>
  w.records.filter((r): r is Extract<TraceRecord, { kind: 'tunnel' }> => r.kind === 'tunnel');

describe('soak regressions', () => {
  it('case 207 (BETH): an AR that lost its serving state hands the MN to its aAR without a BET of its own (§3.2, §3.4 step 6)', async () => {
    // The MN (CoA 2001:db8:1::10, of R1) went R1 → R2, started towards R3, came back to R2 (§6.1.2
    // erroneous movement), then went to R1 with a HI(H) from R2. R2 used to place a BET for R1's
    // address back to R1; when R1 later tunnelled to R2 again, packets circled R1 ⇄ R2.
    const w = await soakCase(207);
    expect(invariantViolations(viewOf(w))).toEqual([]);
    const foreign = tunnels(w).filter((t) => t.action === 'up' && t.type === 'bet' && t.node !== 'R1');
    expect(foreign.map((t) => `${t.node} ${t.addr} → ${t.peer} at ${t.t}`)).toEqual([]);
  });

  it('case 318 (BETH): the duplicates to the oAR end with the old BET’s lifetime (§3.4 extreme 1, §3.4.1)', async () => {
    // R1 placed the BET to the nAR early (placement 0.5) and kept copying to the oAR R3 until the
    // HI(r): past the 1 s the old BET had left. The copies are that BET continued, so they stop when it expires.
    const w = await soakCase(318);
    expect(invariantViolations(viewOf(w))).toEqual([]);
    const oldBet = tunnels(w).find((t) => t.node === 'R1' && t.action === 'up' && t.type === 'bet' && t.peer === 'R3')!;
    const late = w.records.filter(
      (r) =>
        r.kind === 'encap' &&
        r.node === 'R1' &&
        formatIPv6(fromHex(r.hex.slice(48, 80))) === oldBet.peerAddr &&
        r.t > oldBet.t + oldBet.lifetime! * 1e6,
    );
    expect(late.map((r) => r.t)).toEqual([]);
  });

  it('case 579 (fast): the MN back at its CoA’s own router is not reverse-tunnelled away from it (§3.1.5, §6.1.2)', async () => {
    // The MN (CoA 2001:db8:1::10, of R1) on R2 asks for R1; R1 answers code 2 and used to reverse-
    // tunnel packets from 2001:db8:1::10 to R2 — which reverse-tunnels that same source to R1.
    const w = await soakCase(579);
    expect(invariantViolations(viewOf(w))).toEqual([]);
    const back = tunnels(w).filter((t) => t.node === 'R1' && t.type === 'reverse' && t.addr === '2001:db8:1::10');
    expect(back.map((t) => `${t.action} at ${t.t}`)).toEqual([]);
  });

  it('case 1631 (fast): a packet out of a reverse tunnel is routed to its destination, not tunnelled back (§3.3, §6.1.2)', async () => {
    // The MN (CoA 2001:db8:1::10, of R1) went R1 → R2 → R3 → R4 and back towards R3, each nAR
    // answering code 2: R4 reverse-tunnelled its packets to R3, then R3 to R4. Each de-tunnelled
    // the other's packets and put them back into its own reverse tunnel, until the hop limit.
    const w = await soakCase(1631);
    expect(invariantViolations(viewOf(w))).toEqual([]);
    const decapped = new Set<string>();
    const back: string[] = [];
    for (const r of w.records) {
      if (r.kind === 'decap' && r.node !== 'MN') decapped.add(`${r.pkt}@${r.node}<${r.peer}`);
      if (r.kind === 'encap' && decapped.has(`${r.pkt}@${r.node}<${r.peer}`)) back.push(`${r.pkt} ${r.node}→${r.peer}`);
    }
    expect(back).toEqual([]);
  });

  it('case 2135 (BETH): a resent HI(H) for the aAR’s own CoA brings the MN home again, no reverse BET from the aAR (§3.4 step 6, §5.2.1)', async () => {
    // The MN (CoA 2001:db8:1::10, of R1) on R2 heads home; R2's HACKs are lost, so it resends the HI(H).
    // The first brought the MN home (§3.4 step 6, BET torn down); the resends found no BET and made
    // R1 a serving AR with a reverse BET for its own address to R2, which then "renewed" it for
    // 4 s — past both offers (§3.4.1 "MUST be the shorter of the two lifetime values").
    const w = await soakCase(2135);
    expect(invariantViolations(viewOf(w))).toEqual([]);
    const own = tunnels(w).filter((t) => t.node === 'R1' && t.type === 'bet-reverse');
    expect(own.map((t) => `${t.action} at ${t.t}`)).toEqual([]);
  });
  it('case 313 (BETH): a resent HI(T) the aAR already answered gets the same HACK(T), not a refusal (§5.2.1, §5.2.2, §3.4 step 3)', async () => {
    // The MN (CoA 2001:db8:1::10, of R1) went R1 → R2 → R3. R3, told by R2's HTT, asked the aAR R1
    // with HI(T); R1's HACK(T) was lost, and by the resend R1 had already moved the BET to R3
    // (placement 0.5). Deciding afresh, R1 refused (code 128): R3 gave up while the BET still came
    // to it, and routed every packet back to R1, which tunnelled it to R3 again.
    const w = await soakCase(313);
    expect(invariantViolations(viewOf(w))).toEqual([]);
    const hacks = w.records.filter((r) => r.kind === 'tx' && r.node === 'R1' && r.msg === 'HACK' && r.flags === 'T');
    expect(hacks.map((r) => (r as { code?: number }).code)).toEqual([0, 0]);
    const serving = tunnels(w).filter((t) => t.node === 'R3' && t.type === 'bet-reverse' && t.action === 'up');
    expect(serving.map((t) => t.peer)).toContain('R1');
  });

  for (const n of [317, 428, 961, 1034])
    it(`case ${n} (BETH): an AR no BET serves hands over nothing; the BET's radio end stays with the aAR's (§3.3, §3.4 step 2a, §6.1.2)`, async () => {
      // The MN (CoA 2001:db8:1::10, of R1) reached an AR the BET did not go to (erroneous movement,
      // §6.1.2) and was about to leave it. That AR used to send the next AR a two-party HI(H) for
      // R1's address, so the next AR took it for the MN's aAR: its reverse BET went there, and the
      // real aAR's packets, de-tunnelled with no MN to serve, were routed back to R1 and tunnelled
      // again, until the hop limit. Every reverse BET now points at the aAR, R1.
      const w = await soakCase(n);
      expect(invariantViolations(viewOf(w))).toEqual([]);
      const reverse = tunnels(w).filter((t) => t.type === 'bet-reverse' && t.action === 'up' && t.peer !== 'R1');
      expect(reverse.map((t) => `${t.node} → ${t.peer} at ${t.t}`)).toEqual([]);
    });
  for (const [n, nar] of [
    [1618, 'R4'],
    [1753, 'R3'],
  ] as const)
    it(`case ${n} (BETH): the nAR routes the aCoA to its access link from its HI(T) on, so the BET's early packets never go back (§3.4 step 3)`, async () => {
      // The MN (CoA 2001:db8:1::10, of R1) on an AR R1 tunnels to moves on; that AR's HTT sends the nAR
      // (${nar}) to R1 with HI(T). R1's HACK(T) is lost, and R1 places the BET to ${nar} anyway (on the
      // HACK, or on the old AR's HI(r)). Until its resent HI(T) was answered, ${nar} routed the
      // de-tunnelled packets by prefix — back to R1, which tunnelled them to ${nar} again.
      const w = await soakCase(n);
      expect(invariantViolations(viewOf(w))).toEqual([]);
      const decapped = new Set<number>();
      const back: string[] = [];
      for (const r of w.records) {
        if (r.kind === 'decap' && r.node === nar && r.peer === 'R1') decapped.add(r.pkt!);
        if (r.kind === 'fwd' && r.node === nar && r.next !== 'MN' && decapped.has(r.pkt!))
          back.push(`${r.pkt} → ${r.next} at ${r.t}`);
      }
      expect(decapped.size).toBeGreaterThan(0);
      expect(back).toEqual([]);
    });
});
