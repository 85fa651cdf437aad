// BETH at the AR the MN is coming to (the nAR): the target trigger (L2-TT, §3.3 step 2b), the
// HI(H) and HTT from the oAR (§3.3 step 3b, §3.4 steps 2a and 3), the BET's far end agreed, the
// MN's arrival (L2-LU, §3.3 step 4b, §3.4 steps 5a and 6), the ping-pong cancel it receives (§3.3
// step 6), and the §8.2.1 check of its triggers. Pure functions of the step's context
// (beth-state.ts `BethCtx`): actions out, no I/O.
import type { HACK, HI } from '../wire/types.ts';
import { optAddress } from './build.ts';
import { hiRetry, lifetimeUs, negotiate, type BethCtx, type Ho, type Peer, type PendingHi } from './beth-state.ts';
import { dropAnchor } from './beth-anchor.ts';
import { dropServing, startServing } from './beth-serving.ts';

/** L2-TT at this router: the MN `mnLla` is about to arrive from the AR `peer` (§3.3 step 1b). */
export function onTargetTrigger(c: BethCtx, mnLla: string, peer: Peer): void {
  if (!c.cfg.triggers.tt) return;
  c.st.announced.set(mnLla, c.now);
  const cur = c.st.ho.get(mnLla);
  if (cur && (cur.p === 'tgt-wait' || cur.p === 'tgt-ready')) return;
  const id = c.nextId();
  // §3.3 step 2b: "the T bit MUST BE set"; Lifetime and the MN's LLA only ("neither are known").
  const hi: PendingHi = {
    f: 'T',
    dst: peer.address,
    coa: undefined,
    lifetimeS: c.cfg.lifetimeS,
    why: "L2-TT: the target trigger asks the oAR with HI(T): lifetime and the MN's LLA only (§3.3 step 2b)",
  };
  c.sendHi(mnLla, id, hi);
  c.arm(hiRetry(mnLla, id), c.retryUs());
  c.setHo(mnLla, { p: 'tgt-wait', peer, id, hi, tries: 0, three: false }, 'L2-TT: HI(T) sent (§3.3 step 2b)');
}

/** §3.4 step 2a/3: HTT from the oAR — "enough information for nAR to perform a target trigger handover with aAR". */
export function onHtt(c: BethCtx, m: HI, mnLla: string, offered: number): void {
  const aar = c.view.peerOf(optAddress(m, 3) ?? '');
  const aCoA = optAddress(m, 1) ?? '';
  c.reply(
    m,
    c.hackMsg(m.src, m.identifier, 'H', negotiate(c.cfg.lifetimeS, offered)),
    'HTT from the oAR: acknowledged with HACK(H); the nAR does a target-trigger handover with the aAR (§3.4 step 2a) [I-24]',
  );
  if (aar) targetWithAnchor(c, mnLla, aar, aCoA, offered);
}

/** §3.3 step 3b: "If nAR is sending the HACK, the H bit MUST be set." */
export function onHiH(c: BethCtx, m: HI, peer: Peer, mnLla: string, offered: number): void {
  const coa = optAddress(m, 1) ?? '';
  const life = negotiate(c.cfg.lifetimeS, offered);
  const a = c.st.anchors.get(mnLla);
  // Also for a CoA of our own subnet with no BET left (a resent HI(H) after the first one brought
  // the MN home): our own address is delivered here, never tunnelled back (§3.2, §3.4 step 6).
  const special = (a !== undefined && a.coa === coa) || c.ownsCoa(coa);
  c.reply(
    m,
    c.hackMsg(m.src, m.identifier, 'H', life),
    'HI(H) from the oAR: the nAR answers with the H bit and the shorter lifetime (§3.3 step 3b, §3.4.1)',
  );
  if (life === 0) return;
  // §3.4 step 6 when the MN returns to its own anchor; §3.3 otherwise. No L2-LU: "MAY use the L2-TT as L2-LU"/HACK.
  expect(
    c,
    mnLla,
    { p: 'tgt-ready', anchor: peer, coa, lifetimeS: life, special },
    special
      ? 'HI(H) from the oAR for a MN we anchor: nAR = aAR (§3.4 step 6)'
      : 'HI(H): expecting the MN (§3.3 step 3b)',
  );
}

/** The HACK(T) (or the oAR's HTT) answering our HI(T) (§3.3 step 3a, §3.4 steps 2b and 3). */
export function targetHack(
  c: BethCtx,
  m: HACK,
  peer: Peer,
  mnLla: string,
  h: Extract<Ho, { p: 'tgt-wait' }>,
  life: number,
): void {
  c.cancel(hiRetry(mnLla, h.id));
  if (m.flags.H && m.flags.T) {
    // §3.4 step 2b: the oAR answered our HI(T) with an HTT: go to the aAR.
    const aar = c.view.peerOf(optAddress(m, 3) ?? '');
    c.setHo(mnLla, undefined, 'HTT from the oAR: the MN is anchored elsewhere, ask its aAR (§3.4 step 2b)');
    if (aar) targetWithAnchor(c, mnLla, aar, optAddress(m, 1) ?? '', life);
    return;
  }
  const coa = optAddress(m, 1) ?? '';
  const lifetimeS = m.code >= 128 ? 0 : negotiate(c.cfg.lifetimeS, life);
  if (lifetimeS === 0 || !coa) {
    unawaitBet(c, mnLla, h);
    c.setHo(mnLla, undefined, 'HACK(T) refused tunnel service (lifetime 0, §3.3 step 3a)');
    return;
  }
  const special = c.st.anchors.get(mnLla)?.coa === coa || c.ownsCoa(coa);
  expect(
    c,
    mnLla,
    { p: 'tgt-ready', anchor: peer, coa, lifetimeS, special },
    h.three ? 'HACK(T) from the aAR (§3.4 step 3)' : 'HACK(T) from the oAR (§3.3 step 3a)',
  );
}

/** nAR side of a three-party handover: target-trigger HI/HACK with the aAR (§3.4 step 3). */
function targetWithAnchor(c: BethCtx, mnLla: string, aar: Peer, aCoA: string, offered: number): void {
  const a = c.st.anchors.get(mnLla);
  if (aar.address === c.st.address || (a && a.coa === aCoA)) {
    // §3.4 step 3/6: "check its routing tables to see whether it is already tunneling for MN. If so, Step 6".
    expect(
      c,
      mnLla,
      { p: 'tgt-ready', anchor: aar, coa: aCoA, lifetimeS: negotiate(c.cfg.lifetimeS, offered), special: true },
      'HTT: we are the aAR (§3.4 step 6)',
    );
    return;
  }
  const id = c.nextId();
  const hi: PendingHi = {
    f: 'T',
    dst: aar.address,
    coa: undefined,
    lifetimeS: c.cfg.lifetimeS,
    why: 'HTT: the nAR asks the aAR with HI(T) (§3.4 step 3)',
  };
  c.sendHi(mnLla, id, hi);
  c.arm(hiRetry(mnLla, id), c.retryUs());
  // §3.4 step 3: the aAR "MAY place the BET to nAR upon transmission of the HACK", so its packets can
  // come before that HACK does (or instead of it, when it is lost and our HI is resent). The HTT named
  // the aCoA: route it to our access link now. Routed by prefix, the de-tunnelled packets went back to
  // the aAR, which tunnelled them here again, until the hop limit (soak cases 1618, 1753).
  const coa = aCoA || undefined;
  if (coa) awaitBet(c, mnLla, coa, 'INCOMPLETE');
  c.setHo(
    mnLla,
    { p: 'tgt-wait', peer: aar, id, hi, tries: 0, three: true, coa },
    'HTT: HI(T) to the aAR (§3.4 step 3)',
  );
}

function expect(c: BethCtx, mnLla: string, next: Extract<Ho, { p: 'tgt-ready' }>, why: string): void {
  const cur = c.st.ho.get(mnLla);
  if (cur && (cur.p === 'tgt-wait' || cur.p === 'src-wait')) c.cancel(hiRetry(mnLla, cur.id));
  if (!next.special) awaitBet(c, mnLla, next.coa, c.cfg.triggers.lu ? 'INCOMPLETE' : 'REACHABLE');
  c.setHo(mnLla, next, why);
  // §3.2.1 "nAR MAY use the L2-TT as L2-LU": without an L2-LU trigger, deliver as soon as the BET is agreed.
  if (!c.cfg.triggers.lu) deliver(c, mnLla, next, 'no L2-LU trigger: HACK as L2-LU (§3.2.1)');
}

/** The nAR's end of a BET to come: a host route for the CoA to the access link, held or dropped there till the MN is up. */
function awaitBet(c: BethCtx, mnLla: string, coa: string, state: 'INCOMPLETE' | 'REACHABLE'): void {
  c.hostRoute(coa, true);
  c.nc(coa, mnLla, state);
  if (c.cfg.buffer)
    c.buffer(coa, true, 'the nAR holds what the BET brings until the MN arrives: smoothing (§3.3, §5.2.1)');
}

/** A three-party HI(T) that came to nothing: the route `awaitBet` made goes (unless we serve the MN by now). */
export function unawaitBet(c: BethCtx, mnLla: string, h: Ho | undefined): void {
  if (h?.p !== 'tgt-wait' || !h.coa || c.st.serving.has(mnLla)) return;
  c.hostRoute(h.coa, false);
  c.nc(h.coa, mnLla, null);
  c.buffer(h.coa, false);
  c.flush(h.coa); // what was held for it goes nowhere: dropped, traced
}

/** L2-LU of an MN we expect: deliver (§3.3 step 4b). False when we expect no such MN. */
export function arrived(c: BethCtx, mnLla: string): boolean {
  const h = c.st.ho.get(mnLla);
  if (h?.p !== 'tgt-ready') return false;
  if (c.cfg.triggers.lu) deliver(c, mnLla, h, 'L2-LU');
  return true;
}

/** Target side at L2-LU: deliver to the MN and tunnel its packets back (§3.3 step 4b, §3.4 step 5a). */
function deliver(c: BethCtx, mnLla: string, h: Extract<Ho, { p: 'tgt-ready' }>, why: string): void {
  c.setHo(mnLla, undefined, `${why}: delivering (§3.3 step 4b)`);
  if (h.special) {
    // §3.4 step 6: nAR = aAR — "the aAR MUST begin routing packets directly to MN and the tunnel to nAR MUST be torn down".
    dropAnchor(c, mnLla, 'MN back on its anchor: direct delivery, BET torn down (§3.4 step 6)');
    c.nc(h.coa, mnLla, 'REACHABLE');
    c.flush(h.coa);
    return;
  }
  const us = lifetimeUs(h.lifetimeS);
  c.hostRoute(h.coa, true);
  c.nc(h.coa, mnLla, 'REACHABLE');
  // §3.3 reverse tunnel: "MUST be established by nAR when nAR begins tunneling packets from the MN with oCoA".
  c.betReverse(h.coa, h.anchor.address, us, 'the MN arrived: its packets go back through the BET (§3.3 step 4b)');
  c.flush(h.coa);
  c.buffer(h.coa, false);
  startServing(c, mnLla, h.coa, h.anchor, us);
}

/** §3.3 step 6: the oAR cancels the BET with HI(R), lifetime 0 — the MN is not coming. False when it is not that. */
export function targetCancel(c: BethCtx, m: HI, peer: Peer, mnLla: string, lifetime: number): boolean {
  const h = c.st.ho.get(mnLla);
  if (h?.p !== 'tgt-ready' || peer.name !== h.anchor.name || lifetime !== 0) return false;
  c.hostRoute(h.coa, false);
  c.nc(h.coa, mnLla, null);
  c.buffer(h.coa, false);
  c.flush(h.coa); // what was held for it goes nowhere: dropped, traced
  c.setHo(mnLla, undefined, 'HI(R) lifetime 0: handover cancelled, ping-pong (§3.3 step 6)');
  c.send(
    c.hackMsg(m.src, m.identifier, 'R', 0, h.coa),
    'HI(R) lifetime 0 from the oAR: the handover is cancelled, acknowledged (§3.3 step 6)',
  );
  return true;
}

/**
 * §8.2.1: "the L2 trigger mechanism MUST NOT allow a third party to substitute the MN or AR L2
 * addresses"; the nAR matches the station that arrives against the one the trigger announced.
 */
export function checkTrigger(c: BethCtx, arrivedLla: string): void {
  const announced = c.st.announced;
  if (announced.delete(arrivedLla)) return;
  for (const [lla, at] of announced) {
    if (c.now - at > 2_000_000) {
      announced.delete(lla);
      continue;
    }
    announced.delete(lla);
    c.st.mismatches.push(`${lla}→${arrivedLla}`);
    // "If the nAR detects a mismatch, it should initiate security measures": no service on the trigger's word.
    c.state(
      arrivedLla,
      'security',
      'trigger',
      'mismatch',
      `L2-TT named ${lla} but ${arrivedLla} arrived: tampered layer-2 trigger (§8.2.1)`,
    );
    forget(c, lla, 'tampered trigger: handover state dropped (§8.2.1)');
    return;
  }
}

/** The MN is gone for good (a tampered trigger named it): drop what we hold for it. */
export function forget(c: BethCtx, mnLla: string, why: string): void {
  const h = c.st.ho.get(mnLla);
  if (h && (h.p === 'src-wait' || h.p === 'tgt-wait')) c.cancel(hiRetry(mnLla, h.id));
  unawaitBet(c, mnLla, h);
  if (h) c.setHo(mnLla, undefined, why);
  dropServing(c, mnLla, why);
  dropAnchor(c, mnLla, why);
}
