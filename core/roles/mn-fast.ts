// The mobile node's anticipated fast handover (§3.1, §5.1, §5.3, §6.1): the RtSolPr and its
// resends, the PrRtAdv, the F-BU and its F-BACK or the NAACK, the F-BU resends on the nAR, and the
// erroneous movement of §6.1.2 (the move-deadline). Parts of the pure step of core/roles/mn.ts.
import type { Message } from '../wire/types.ts';
import { joinPrefixIid } from '../wire/addr.ts';
import { bu, fbu, optAddress, optLla, optPrefix, rtSolPr } from './build.ts';
import { confirm, detect, freshNCoA, startDad } from './mn-mipv6.ts';
import { dadTimer, fbackWait, moveDeadline, rtSolPrRetry, type MnCtx, type Prep, type Target } from './mn-state.ts';

/** §5.1.1: wait no less than 2 × RTT over the access link, or 100 ms if unknown. */
function rtSolPrWait(c: MnCtx): number {
  return Math.max(2 * c.spec.timers.accessRttUs, 100_000);
}

/** Predictive information at the MN (mobile-initiated, §3.1.6). */
export function onPredict(c: MnCtx, t: Target): void {
  const s = c.s;
  if (!c.fast || c.spec.initiation !== 'mobile') return;
  if (t.router === s.ar && t.cell === s.ar) return;
  if (s.phase.p !== 'attached' && s.phase.p !== 'dad' && s.phase.p !== 'binding') return;
  const r = c.router(s.ar);
  const id = (s.rtId = (s.rtId + 1) & 0xffff);
  // §3.1.6: "The MN MUST send a RtSolPr message to the oAR", naming the new attachment point's LLA.
  c.send(
    rtSolPr(s.coa, r.address, id, c.spec.lla, t.lla),
    `${c.spec.interfaces === 2 ? 'the second interface detected an AR' : 'the MN has predictive information'}: RtSolPr naming the new attachment point (§3.1.6, §5.1.1)`,
  );
  c.arm(rtSolPrRetry(id), rtSolPrWait(c));
  c.go(
    { p: 'soliciting', target: t, id, tries: 0 },
    c.spec.interfaces === 2
      ? 'AR detected on the second interface: RtSolPr on the active one, naming it (§3.5.2, §3.1.6)'
      : 'predictive information: RtSolPr sent (§3.1.6)',
  );
}

/** The RtSolPr with this identifier had no PrRtAdv within its wait (a timer of an earlier one does nothing). */
export function onRtSolPrRetry(c: MnCtx, id: number): void {
  const s = c.s;
  const ph = s.phase;
  if (ph.p !== 'soliciting' || ph.id !== id) return;
  const { target: t, tries } = ph;
  if (tries < c.spec.timers.rtSolPrResends) {
    // §5.1.1: "it SHOULD resend it once or at most twice (after the same waiting time)".
    c.send(
      rtSolPr(s.coa, c.router(s.ar).address, id, c.spec.lla, t.lla),
      'no PrRtAdv within 2 × RTT: the RtSolPr is resent (§5.1.1)',
    );
    c.arm(rtSolPrRetry(id), rtSolPrWait(c));
    c.go({ p: 'soliciting', target: t, id, tries: tries + 1 }, `RtSolPr resent (${tries + 1}, §5.1.1)`);
  } else {
    // §4.2: no reply to a RtSolPr — revert to standard Mobile IPv6 for this handover.
    c.go({ p: 'attached' }, 'no PrRtAdv after the resends: standard MIPv6 (§4.2, §5.1.1)');
    c.mark('fallback', 'RtSolPr unanswered');
  }
}

/** §5.1.2. */
export function onPrRtAdv(c: MnCtx, m: Extract<Message, { kind: 'PrRtAdv' }>): void {
  const s = c.s;
  const ph = s.phase;
  if (ph.p === 'soliciting') {
    if (m.identifier !== ph.id) return; // §5.1.1: the Identifier matches replies to the solicitation
    c.cancel(rtSolPrRetry(ph.id));
  } else if (!(ph.p === 'attached' || ph.p === 'dad' || ph.p === 'binding') || !c.fast) return;
  if (m.code === 1) {
    // §5.1.2 code 1: the new attachment point is under the same router: no CoA change.
    c.mark('same-ar');
    c.go({ p: 'attached' }, 'PrRtAdv code 1: same router, no CoA change (§5.1.2)');
    return;
  }
  if (m.code === 2) {
    // §5.1.2 code 2: "The MN MUST give up its attempt to perform fast handover"; normal MIPv6 instead.
    s.prep = undefined;
    c.mark('fallback', 'PrRtAdv code 2');
    c.go({ p: 'attached' }, 'PrRtAdv code 2: fast handover abandoned, standard MIPv6 (§5.1.2)');
    return;
  }
  const narLla = optLla(m, 'LLA', 3);
  const prefix = optPrefix(m);
  // The nAR is the router the PrRtAdv names by its LLA and prefix (§5.1.2); the world's registry
  // only gives it its name (the MN compares it with the router of the L2-LU's cell).
  const nar = prefix ? c.view.routerOfPrefix(prefix) : undefined;
  if (!nar || !prefix || nar.lla !== narLla) return;
  // §5.1.2: use the New CoA option if present, else the prefix with the Interface ID.
  const nCoA = optAddress(m, 2) ?? joinPrefixIid(`${prefix}/64`, c.spec.iid);
  const anchor = c.anchor();
  if (!anchor) return;
  const target: Target = ph.p === 'soliciting' ? ph.target : { cell: nar.name, router: nar.name, lla: nar.lla };
  // F-BU to the oAR, or to the anchor AR when the MN still uses the aCoA (§3.1.7, Figure 4).
  const q: Prep = {
    gen: ++s.prepGen,
    nar: nar.name,
    narLla: nar.lla,
    nCoA,
    oCoA: s.coa,
    fbuTo: anchor.name,
    fbuSeq: 0,
    fbuSent: false,
    fbuTries: 0,
  };
  s.prep = q;
  if (ph.p === 'dad') c.cancel(dadTimer(ph.addr));
  c.go({ p: 'prepared', target }, `PrRtAdv code 0: nCoA ${nCoA} (§3.1.3)`);
  // §3.1.3: "If permitted by Layer 2 conditions at the time of handover, the F-BU SHOULD be sent to the oAR
  // while the MN is still connected to the oAR" — "as the last message before the Layer 2 handover" (§3.1.1).
  if (c.spec.interfaces === 2) {
    // §3.5.2: "Upon receipt of the PrRtAdv, the MN proceeds to configure its IP stack so that its home
    // address is on the new interface, then it does F-BU and F-NA" — both from the new interface
    // (onLinkUp), the first one still up: no layer-2 break.
    c.out.push({ do: 'second-interface', cell: target.cell, router: target.router, lla: target.lla });
    return;
  }
  if (!c.spec.fbuAfterMove)
    sendFbu(
      c,
      q,
      'PrRtAdv received: the F-BU goes from the old link, the last message before the layer-2 handover (§3.1.1, §3.1.3)',
    );
  const wait = 2 * c.spec.radio.leadUs + c.spec.radio.l2HandoverUs + 100_000;
  c.arm(moveDeadline(anchor.name, q.gen), wait);
}

/** The predicted move of handover `gen` should have happened by now (§6.1.2 erroneous movement). */
export function onMoveDeadline(c: MnCtx, anchorName: string, gen: number): void {
  const s = c.s;
  const q = s.prep;
  if (!q || q.gen !== gen || s.phase.p !== 'prepared' || s.ar !== anchorName) return;
  // §6.1.2 erroneous movement: the predicted move did not happen; a BU to the oAR supersedes the binding
  // (Home Address = oCoA, lifetime 0) so it stops forwarding. Nothing is recovered from the nAR.
  if (q.fbuSent)
    c.send(
      bu(s.coa, c.router(anchorName).address, q.oCoA, q.oCoA, (s.buSeq = (s.buSeq + 1) & 0xffff), 0, false),
      "the predicted movement did not happen: a BU to the oAR (Home Address = oCoA, lifetime 0) cancels the F-BU's binding (§6.1.2)",
    );
  s.prep = undefined;
  c.mark('wrong-ar', 'movement aborted');
  c.go({ p: 'attached' }, 'predicted movement did not happen: binding cancelled (§6.1.2)');
}

/** §5.3.2 / §6.1.1. */
export function onFback(c: MnCtx, m: Extract<Message, { kind: 'F-BACK' }>): void {
  const q = c.s.prep;
  if (!q || m.sequence !== q.fbuSeq) return;
  const first = q.fback === undefined;
  q.fback = m.status;
  if (!first) return; // the copy on the other path (old link / tunnel)
  if (c.s.phase.p === 'announcing') {
    c.cancel(fbackWait(q.gen));
    afterConfirmation(c, m.status, 'F-BACK');
  }
  // On the old link: remembered; acted on at L2-LU (§3.1.1).
}

/** Status from an F-BACK or a NAACK decides which address the MN uses on the nAR. */
export function afterConfirmation(c: MnCtx, status: number, via: string): void {
  const s = c.s;
  const q = s.prep!;
  if (status === 0) {
    // §3.1.1: no response to the F-BU — "It MUST also re-send the F-BU in order to start the forwarding of packets from oAR."
    if (via === 'NAACK' && q.fback === undefined)
      sendFbu(c, q, 'NAACK 0 but no F-BACK yet: the F-BU is sent again to start the forwarding from the oAR (§3.1.1)');
    confirm(c, q.nCoA, `${via} status 0: nCoA confirmed (§3.1.3, §5.4.4)`);
  } else if (status === 1 || (via === 'F-BACK' && status < 128)) {
    // §6.1.1 / §5.4.4 status 1: keep the oCoA (reverse tunnel, §3.1.5) and obtain a nCoA at the nAR.
    s.prep = undefined;
    c.mark('fallback', `${via} status ${status}: oCoA kept`);
    startDad(c, freshNCoA(c), `${via} status ${status}: oCoA kept, DAD for a new nCoA (§6.1.1)`);
  } else {
    // §5.4.4 NAACK 128: "MUST NOT use the nCoA or the oCoA and SHOULD start immediately the process of acquiring a nCoA".
    s.prep = undefined;
    c.mark('fallback', `${via} status ${status}`);
    startDad(c, joinPrefixIid(c.router(s.ar).prefix, c.spec.iid), `${via} status ${status}: acquire a nCoA (§5.4.4)`);
  }
}

/** On the nAR, the F-NA sent: wait for the F-BACK (§6.1.1 "X sec"). */
export function armFbackWait(c: MnCtx, q: Prep): void {
  c.arm(fbackWait(q.gen), c.spec.timers.fbackWaitUs);
}

/** No F-BACK for handover `gen` within the wait. */
export function onFbackWait(c: MnCtx, gen: number): void {
  const s = c.s;
  const q = s.prep;
  if (s.phase.p !== 'announcing' || !q || q.gen !== gen) return;
  const tries = s.phase.tries;
  if (tries < c.spec.timers.fbuResends) {
    // §3.1.8/§3.1.9/§6.1.1: no F-BACK — the MN MUST retransmit the F-BU (source: the unconfirmed nCoA).
    // The source stays the oCoA: §3.1.3's MUST NOT outranks §6.1.1's SHOULD (docs/draft-inconsistencies.md).
    sendFbu(c, q, 'no F-BACK within the wait: the F-BU is resent, from the oCoA (§3.1.8, §6.1.1) [I-15]');
    armFbackWait(c, q);
    c.go({ p: 'announcing', tries: tries + 1 }, `F-BU resent (${tries + 1}, §3.1.8)`);
  } else {
    // §3.1.5: nCoA establishment failed — obtain one the standard way.
    s.prep = undefined;
    c.mark('fallback', 'no F-BACK after the resends');
    detect(c);
  }
}

export function sendFbu(c: MnCtx, q: Prep, why: string): void {
  const s = c.s;
  const to = c.router(q.fbuTo);
  q.fbuSeq = s.fbuSeq = (s.fbuSeq + 1) & 0xffff; // §5.3.1: each F-BU uses a greater sequence number
  q.fbuSent = true;
  c.send(fbu(s.coa, to.address, q.oCoA, q.nCoA, q.fbuSeq, c.spec.timers.tunnelLifetimeS), why);
}
