// BETH at the AR serving the MN now: the source of a handover (the AR the MN is leaving: L2-ST,
// §3.3 step 2a, §3.4 step 2a; its answer to the nAR's HI(T), §3.3 step 3a, §3.4 step 2b; the BET
// placed at L2-LD, §3.3 step 4a; the ping-pong cancel, §3.3 step 6) and the BET's radio end when
// the MN's CoA is another router's (renewals, §3.4.1; the end of life, §3.5.1). Pure functions of
// the step's context (beth-state.ts `BethCtx`): actions out, no I/O.
import type { HACK, HI } from '../wire/types.ts';
import type { Timer } from './actions.ts';
import { prefix64 } from '../wire/addr.ts';
import { ra } from './build.ts';
import {
  BET_END,
  BET_RENEW,
  classifyRenewal,
  exitGrace,
  hiRetry,
  keyParts,
  lifetimeUs,
  negotiate,
  type BethCtx,
  type Ho,
  type Peer,
  type PendingHi,
  type Serving,
} from './beth-state.ts';
import { dropAnchor, placeAnchor } from './beth-anchor.ts';

/** L2-ST at this router: the MN, attached here with CoA `coa`, is about to move to `peer` (§3.3 step 1a, §3.4 step 1a). */
export function onSourceTrigger(c: BethCtx, mnLla: string, coa: string, peer: Peer): void {
  const st = c.st;
  if (!c.cfg.triggers.st) return;
  const cur = st.ho.get(mnLla);
  if (cur && (cur.p === 'src-wait' || cur.p === 'src-ready') && cur.peer.name === peer.name) return;
  const serving = st.serving.get(mnLla);
  const anchor = serving ? serving.anchor : null;
  if (!serving && !c.ownsCoa(coa) && prefix64(coa) !== prefix64(peer.address)) {
    // Nothing to hand over: the MN is here with another AR's CoA but no BET brings it here (it
    // arrived where the aAR did not predict, §6.1.2 erroneous movement). A two-party HI(H) is for
    // "a CoA associated with oAR's subnet" (§3.3) and an HTT needs the aAR a BET names (§3.4 step
    // 2a). Sent anyway, the nAR took us for the MN's aAR: it reverse-tunnelled to us, dropped the
    // aAR's BET state, and de-tunnelled the aAR's packets back to it (soak case 317). (Towards
    // the CoA's own router the HI(H) still goes: it brings the MN home, §3.4 step 6.)
    c.state(
      mnLla,
      'ho',
      'idle',
      'idle',
      `L2-ST: no BET serves the MN here and ${coa} is not ours: nothing to hand over (§3.3, §3.4 step 2a, §6.1.2)`,
    );
    return;
  }
  const id = c.nextId();
  // What is left of our own BET (whole seconds, rounded up: a BET still up is never offered as 0).
  const lifetimeS = serving
    ? Math.min(c.cfg.lifetimeS, Math.max(1, Math.ceil((serving.expires - c.now) / 1e6)))
    : c.cfg.lifetimeS;
  const htt = anchor !== null && anchor.name !== peer.name;
  const hi: PendingHi = htt
    ? {
        // §3.4 step 2a: "The oAR MUST send HTT to nAR containing the IP address of aAR and two LLAs".
        f: 'HTT',
        dst: peer.address,
        coa,
        lifetimeS,
        anchor,
        why: "L2-ST for an MN anchored elsewhere: the HTT gives the nAR the aAR's address and both LLAs (§3.4 step 2a, §5.2.3) [I-24]",
      }
    : {
        // §3.3 step 2a: "If oAR is sending the HI, the H bit MUST be set" (Lifetime, oCoA, the MN's LLA).
        // (Two-party also when the peer is the MN's own aAR: it recognises itself, §3.4 step 6.)
        f: 'H',
        dst: peer.address,
        coa,
        lifetimeS,
        why: "L2-ST: the source trigger starts the BET with HI(H): lifetime, oCoA and the MN's LLA (§3.3 step 2a) [I-22]",
      };
  c.sendHi(mnLla, id, hi);
  c.arm(hiRetry(mnLla, id), c.retryUs());
  c.setHo(
    mnLla,
    { p: 'src-wait', peer, id, hi, tries: 0, coa, anchor },
    htt ? 'L2-ST: HTT sent (§3.4 step 2a)' : 'L2-ST: HI(H) sent (§3.3 step 2a)',
  );
}

/** L2-LD at this router: the MN left its link (§3.3 step 4a, §3.4 step 4). */
export function onLinkDown(c: BethCtx, mnLla: string): void {
  if (!c.cfg.triggers.ld) return;
  const h = c.st.ho.get(mnLla);
  if (h?.p === 'src-ready') startTunnelling(c, mnLla, h, 'L2-LD');
}

/** The HACK to our HI(H) or HTT (§3.3 step 3b, §3.4 step 2a): the BET's lifetime is agreed. */
export function sourceHack(c: BethCtx, m: HACK, mnLla: string, h: Extract<Ho, { p: 'src-wait' }>, life: number): void {
  c.cancel(hiRetry(mnLla, h.id));
  // §3.4.1: the lifetime "MUST be the shorter of the two lifetime values in the HI/HACK exchange".
  const lifetimeS = m.code >= 128 ? 0 : negotiate(c.cfg.lifetimeS, life);
  sourceReady(
    c,
    mnLla,
    { p: 'src-ready', peer: h.peer, coa: h.coa, lifetimeS, anchor: h.anchor },
    `HACK: BET lifetime ${lifetimeS} s (§3.4.1)`,
  );
}

/**
 * HI(T) from the nAR at the AR the MN is leaving (two-party, §3.3 step 3a; three-party, answered
 * with the HTT, §3.4 step 2b), or for an MN this router does not know (§8.2.1).
 */
export function answerTargetHi(c: BethCtx, m: HI, peer: Peer, mnLla: string, offered: number): void {
  const s = c.st.serving.get(mnLla);
  const coa = s?.coa ?? c.view.attachedCoa(mnLla);
  // An MN this router does not know (§8.2.1: perhaps a forged trigger): refuse, code 128, oCoA unspecified.
  if (!coa)
    return c.reply(
      m,
      c.hackMsg(m.src, m.identifier, 'T', 0, '::', 128),
      'HI(T) for an MN this router does not know (a forged trigger?): refused, code 128 (§3.3 step 3a, §8.2.1)',
    );
  const life = negotiate(c.cfg.lifetimeS, offered);
  if (s && s.anchor.name !== peer.name) {
    // §3.4 step 2b: "The oAR MUST responds with HTT containing the IP address of aAR and two LLAs".
    c.reply(
      m,
      {
        kind: 'HACK',
        src: c.st.address,
        dst: m.src,
        hopLimit: 255,
        code: 0,
        identifier: m.identifier,
        flags: { H: true, T: true, R: false },
        options: c.httOptions(s.anchor, mnLla, life, s.coa),
      },
      'HI(T) for an MN anchored elsewhere: the oAR answers with the HTT (§3.4 step 2b, §5.2.3) [I-24]',
    );
    sourceReady(
      c,
      mnLla,
      { p: 'src-ready', peer, coa: s.coa, lifetimeS: life, anchor: s.anchor },
      'HI(T) answered with HTT (§3.4 step 2b)',
    );
    return;
  }
  // §3.3 step 3a: "If oAR is sending the HACK, the T bit MUST be set" (Lifetime, home address, oCoA; the
  // LLA the step also lists has no place in §5.2.2's HACK: docs/draft-inconsistencies.md).
  c.reply(
    m,
    c.hackMsg(m.src, m.identifier, 'T', life, coa, 0, mnLla),
    'HI(T) from the nAR: HACK(T) with the lifetime, home address and oCoA (§3.3 step 3a) [I-22]',
  );
  sourceReady(
    c,
    mnLla,
    { p: 'src-ready', peer, coa, lifetimeS: life, anchor: s ? s.anchor : null },
    'HI(T) answered: HACK(T) (§3.3 step 3a)',
  );
}

function sourceReady(c: BethCtx, mnLla: string, next: Extract<Ho, { p: 'src-ready' }>, why: string): void {
  c.setHo(mnLla, next, why);
  // §3.3: "In the absence of optimal L2 trigger information, the HACK MUST act as the trigger for BET placement."
  if (!c.cfg.triggers.ld) startTunnelling(c, mnLla, next, 'no L2-LD trigger: HACK');
}

/** Source side: place the forward tunnel and, in three-party, tell the aAR (§3.3 step 4a, §3.4 step 4b). */
function startTunnelling(c: BethCtx, mnLla: string, h: Extract<Ho, { p: 'src-ready' }>, why: string): void {
  c.setHo(
    mnLla,
    undefined,
    h.lifetimeS === 0
      ? `${why}: no tunnel service (lifetime 0, §3.3 step 3a)`
      : !h.anchor && !c.ownsCoa(h.coa)
        ? `${why}: not our CoA, its own router delivers it (§3.2, §3.4 step 6)`
        : `${why}: BET placed (§3.3 step 4a)`,
  );
  if (h.anchor) {
    // §3.4 step 4b: "The oAR MUST exchange a HI/HACK pair with aAR with a Lifetime option having value zero."
    // (Also when the nAR is the aAR itself: "The AR MUST still exchange the HI/HACK with oAR", step 6.)
    c.send(
      c.hiMsg(h.anchor.address, c.nextId(), 'R', mnLla, h.coa, 0),
      'the MN moved to a third AR: the oAR ends its part with the aAR, HI(R) lifetime 0 (§3.4 step 4b)',
    );
    dropServing(c, mnLla, 'moved to a third AR: reverse tunnel to the aAR ends (§3.2 teardown 3)');
    return;
  }
  if (h.lifetimeS === 0) return; // refused: no tunnel service (§3.3 step 3a)
  // Only the CoA's own router anchors a BET: two-party handover is "when MN is using a CoA
  // associated with oAR's subnet" (§3.3) and "the network end of the BET remains anchored at aAR"
  // (§3.2). An AR that lost its serving state (the MN came back after an L2-LD, §6.1.2 erroneous
  // movement) and then handed the MN to its aAR would otherwise tunnel the aAR's own address back
  // to it — and once the aAR tunnels to us again, the packets circle between the two.
  if (!c.ownsCoa(h.coa)) return;
  // §3.3 forward tunnel: "MUST be established by oAR when oAR begins tunneling packets with MN's oCoA".
  placeAnchor(c, mnLla, h.coa, h.peer, h.lifetimeS, why);
}

/**
 * L2-LU of an MN this router was handing over, or anchors while no BET serves it here: the L2
 * handover failed or the MN came back (§3.3 step 6): cancel the BET with HI(R), lifetime 0. False
 * when the MN is none of those.
 */
export function backOnOldLink(c: BethCtx, mnLla: string): boolean {
  const h = c.st.ho.get(mnLla);
  const a = c.st.anchors.get(mnLla);
  const src = h?.p === 'src-ready' || h?.p === 'src-wait' ? h : undefined;
  if (!src && !(a && !c.st.serving.has(mnLla))) return false;
  const peer = src ? src.peer : a!.peer;
  const coa = src ? src.coa : a!.coa;
  if (src?.p === 'src-wait') c.cancel(hiRetry(mnLla, src.id));
  c.send(
    c.hiMsg(peer.address, c.nextId(), 'R', mnLla, coa, 0),
    'the MN is back on the old link: HI(R) with lifetime 0 cancels the BET (§3.3 step 6)',
  );
  // The router knows the MN by its link-layer address; the world names it for the measures.
  c.markLla(mnLla, 'pingpong');
  if (a) dropAnchor(c, mnLla, 'ping-pong: MN back on the old link, BET cancelled (§3.3 step 6)');
  c.setHo(mnLla, undefined, 'ping-pong: HI(R) lifetime 0 sent; delivering on the old link (§3.3 step 6)');
  return true;
}

// ------------------------------------------------------------------ the BET's radio end

/** The MN is on our link with `coa`, its BET from `anchor` for `us` (§3.3 step 4b, §3.4 step 5a). */
export function startServing(c: BethCtx, mnLla: string, coa: string, anchor: Peer, us: number): void {
  const old = c.st.serving.get(mnLla);
  if (old) {
    c.cancel(old.renew);
    c.cancel(old.expiry);
  }
  const s: Serving = { coa, anchor, expires: c.now + us };
  c.st.serving.set(mnLla, s);
  armServingTimers(c, mnLla, s);
  c.state(mnLla, 'serving', old ? 'serving' : 'none', 'serving', `MN on our link with ${coa}, BET to ${anchor.name}`);
}

/** `BET-renew` before the end of life and `BET-end` at it (§3.4.1); none for a BET until cancelled. */
function armServingTimers(c: BethCtx, mnLla: string, s: Serving): void {
  c.cancel(s.renew);
  c.cancel(s.expiry);
  const left = s.expires - c.now;
  if (left >= Number.MAX_SAFE_INTEGER / 2) return;
  const lead = Math.min(c.cfg.renewLeadUs, Math.floor(left / 2));
  s.renew = c.timer(BET_RENEW, mnLla);
  c.arm(s.renew, Math.max(0, left - lead));
  s.expiry = c.timer(BET_END, mnLla);
  c.arm(s.expiry, left);
}

/** `BET-renew` fired: renew with the aAR, or tell the MN to get a nCoA (§3.4.1, §3.5.1). */
export function onRenewTimer(c: BethCtx, t: Timer): void {
  const mnLla = t.key;
  const s = c.st.serving.get(mnLla);
  if (!s || s.renew?.id !== t.id) return; // a timer of an earlier BET
  if (c.cfg.renew) {
    // §3.4.1: "Prior to the lifetime of a BET expiring, the MN's current AR MUST signal the aAR to either renew or terminate".
    s.renewId = c.nextId();
    c.send(
      c.hiMsg(s.anchor.address, s.renewId, 'R', mnLla, s.coa, c.cfg.lifetimeS),
      "the BET's lifetime is ending: the serving AR asks the aAR to renew, HI(R) (§3.4.1)",
    );
  } else tellMnToMove(c, mnLla, s, 'BET end of life pending, no renewal (§3.5.1)');
}

/** `BET-end` fired: the BET's lifetime is over (§3.4.1). */
export function onEndTimer(c: BethCtx, t: Timer): void {
  if (c.st.serving.get(t.key)?.expiry?.id !== t.id) return; // a timer of an earlier BET
  dropServing(c, t.key, 'BET lifetime over (§3.4.1)');
}

export function dropServing(c: BethCtx, mnLla: string, why: string): void {
  const s = c.st.serving.get(mnLla);
  if (!s) return;
  c.cancel(s.renew);
  c.cancel(s.expiry);
  c.st.serving.delete(mnLla);
  c.unreverse(s.coa, s.anchor.address, why);
  c.nc(s.coa, mnLla, null);
  // Until the aAR has stopped tunnelling here (its HI/HACK(r) is a round trip away, or it keeps the old
  // end briefly, §3.4), packets still arriving through the BET are dropped here, not routed back into
  // it: the host route stays, with no neighbour, for the HI retry budget (§5.2.1).
  c.hostRoute(s.coa, true);
  c.arm(exitGrace(mnLla, s.coa, ++c.st.gen), c.retryBudgetUs());
  c.state(mnLla, 'serving', 'serving', 'none', why);
}

/** `BET-exit-grace` fired: the host route `dropServing` kept goes, unless the MN is served or expected here again. */
export function onExitGrace(c: BethCtx, t: Timer): void {
  const [mnLla, coa] = keyParts(t);
  if (!c.st.serving.has(mnLla) && c.st.ho.get(mnLla)?.p !== 'tgt-ready') c.hostRoute(coa, false);
}

/** §3.5.1: "The current AR MUST initiate the process of nCoA establishment by ... sending a Router Advertisement". */
function tellMnToMove(c: BethCtx, mnLla: string, s: Serving, why: string): void {
  if (c.st.toldToMove.has(mnLla)) return;
  c.st.toldToMove.add(mnLla);
  c.state(mnLla, 'serving', 'serving', 'serving', why);
  c.onLink(
    mnLla,
    ra(c.st.linkLocal, s.coa, c.st.lla, c.st.prefix),
    `${why}: the current AR's RA tells the MN to obtain a nCoA (§3.5.1)`,
  );
}

/** HI with R from the anchor of a BET we serve: its eventual or immediate termination (§3.4.1, §3.5.1). */
export function servingRenewal(c: BethCtx, m: HI, mnLla: string, lifetime: number, s: Serving): void {
  const kind = classifyRenewal(lifetime, true, (s.expires - c.now) / 1e6);
  c.send(
    c.hackMsg(m.src, m.identifier, 'R', lifetime, s.coa),
    'HI(R) from the aAR: acknowledged with the same lifetime (§3.4.1)',
  );
  if (kind === 'immediate')
    return dropServing(c, mnLla, 'HI(R) lifetime 0 from the aAR: immediate termination (§3.4.1)');
  if (kind === 'eventual') {
    // §3.4.1 eventual termination; §3.5.1 sub-case 2: tell the MN to obtain a nCoA.
    s.expires = c.now + lifetimeUs(lifetime);
    armServingTimers(c, mnLla, s);
    c.betReverse(
      s.coa,
      s.anchor.address,
      lifetimeUs(lifetime),
      'eventual termination: the BET ends at the shorter lifetime (§3.4.1)',
    );
    tellMnToMove(c, mnLla, s, `eventual termination in ${lifetime} s from the aAR (§3.4.1, §3.5.1)`);
  }
}

/** The anchor's HACK(R) to our renewal request (§3.4.1), or its refusal (§3.5.1 sub-case 1). */
export function onRenewalAck(c: BethCtx, m: HACK, peer: Peer, life: number): void {
  for (const [mnLla, s] of c.st.serving) {
    if (s.renewId !== m.identifier || peer.name !== s.anchor.name) continue;
    s.renewId = undefined;
    if (life === 0) {
      // §3.5.1 sub-case 1: "BET end of life is pending and aAR has refused a request to extend".
      tellMnToMove(c, mnLla, s, 'renewal refused by the aAR (§3.5.1)');
      return;
    }
    const granted = negotiate(c.cfg.lifetimeS, life);
    s.expires = c.now + lifetimeUs(granted);
    c.betReverse(s.coa, s.anchor.address, lifetimeUs(granted), `BET renewed for ${granted} s (§3.4.1)`);
    armServingTimers(c, mnLla, s);
    c.state(mnLla, 'serving', 'serving', 'serving', `BET renewed for ${granted} s (§3.4.1)`);
    return;
  }
}
