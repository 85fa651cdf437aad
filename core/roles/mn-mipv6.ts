// The mobile node's standard Mobile IPv6 ([MIPv6], RFC 2461–2462) and its §4 / BETH parts: movement
// detection, DAD, the BUs to the HA and CN, the capability exchange (§4.1–§4.3) and the BETH MN's
// arrival and BET teardown (§3.3, §3.5). Parts of the pure step of core/roles/mn.ts.
import type { Message } from '../wire/types.ts';
import { joinPrefixIid, prefix64 } from '../wire/addr.ts';
import { bu, nsDad, rs } from './build.ts';
import { capabilitySol, mnAfterNotice, outcome, HOCAPS_TUNNEL } from './caps.ts';
import { capsWait, dadTimer, obtainNcoaTimer, type MnCtx, type Target } from './mn-state.ts';

/**
 * Does this router do tunnel-based handover, as far as the MN knows? Its §4.1 answer said so
 * (code 2). A router it never exchanged with: `unknown`.
 */
export function bethAt(c: MnCtx, router: string, unknown: boolean): boolean {
  return c.s.arCodes.has(router) ? c.s.arCodes.get(router) === HOCAPS_TUNNEL : unknown;
}

/** §4.1 step 1: RtSolPr to the current AR naming the AR's own LLA, with our Handover Capabilities. */
export function exchangeCaps(c: MnCtx): void {
  const s = c.s;
  const r = c.router(s.ar);
  const id = (s.capsId = (s.capsId + 1) & 0xffff) || 1;
  s.capsAr = s.ar;
  c.send(
    capabilitySol(s.coa, r.address, id, c.spec.lla, r.lla, HOCAPS_TUNNEL),
    'after attaching, the MN asks its AR which handover mechanisms it supports (§4.1 step 1)',
  );
  c.cancel(capsWait);
  c.arm(capsWait, Math.max(2 * c.spec.timers.accessRttUs, 100_000));
}

/** §4.2: "If the MN does not receive a reply to a RtSolPr, it MUST discontinue performing fast handover". */
export function onCapsTimeout(c: MnCtx): void {
  c.s.arCodes.set(c.s.capsAr, undefined);
  c.setMech('mipv6', 'capability RtSolPr unanswered: standard Mobile IPv6 (§4.2)');
}

/** A PrRtAdv with the Handover Capabilities extension: the reply of §4.1 or a boundary notice of §4.3. */
export function onCapabilities(c: MnCtx, m: Extract<Message, { kind: 'PrRtAdv' }>, code: number): void {
  const s = c.s;
  if (m.identifier !== 0 && m.identifier === s.capsId) {
    c.cancel(capsWait);
    s.arCodes.set(s.capsAr, code);
    // §4.1: the three outcomes. The exchange asks for no handover: no F-BU follows ("MUST NOT issue a F-BU").
    c.setMech(outcome('beth', code), `capability exchange: AR code ${code} (§4.1)`);
    return;
  }
  // §4.3.1 / §4.3.2: the boundary AR announces the next area's capability.
  c.setMech(mnAfterNotice(s.mech, 'beth', code, false), `boundary notice: next AR code ${code} (§4.3)`);
}

/** BETH at L2-LU (§3.3 step 4c): keep the CoA, send nothing at layer 3; maybe decide to get a nCoA (§3.5.2). */
export function bethArrive(c: MnCtx, cell: Target): void {
  const anchor = c.anchor();
  // `mech` is 'beth': no boundary notice said the area ends here (§4.3), so unless this AR once
  // answered the MN's exchange without code 2, the MN takes it to do BETH like the last one.
  if (anchor && anchor.name !== cell.router && !bethAt(c, cell.router, true)) {
    // §4.3.1: out of the BETH area — "SHOULD issue an IPv6 Solicitation for Router Advertisement as
    // soon as it gets the L2-LU trigger"; the BET to the old area is torn down once the nCoA is bound.
    return obtainNcoa(c, 'L2-LU on a router without BETH: standard MIPv6 (§4.3.1)');
  }
  c.go(
    { p: 'attached' },
    anchor && anchor.name === cell.router
      ? "BETH: back on the CoA's own router"
      : 'BETH: L2-LU, CoA kept, no layer-3 signalling (§3.2, §3.3 step 4c)',
  );
  const after = c.spec.obtainNcoaAfterUs;
  if (after !== null && anchor && anchor.name !== cell.router) c.arm(obtainNcoaTimer(cell.router), after);
}

/** The MN's own decision to obtain a nCoA (§3.5.2), if it is still attached to the router that armed it. */
export function onObtainTimer(c: MnCtx, router: string): void {
  if (c.s.ar === router && c.s.phase.p === 'attached') obtainNcoa(c, 'MN decision: time to obtain a nCoA (§3.5.2)');
}

/** §3.5.2: "The MN MUST send a Solicitation for Router Advertisement to the current AR", then [MIPv6]. */
export function obtainNcoa(c: MnCtx, why: string): void {
  const s = c.s;
  const a = c.anchor();
  if (a && a.name !== s.ar && bethAt(c, a.name, false)) s.bethTeardown ??= { address: a.address, coa: s.coa };
  c.send(rs(s.coa, c.spec.lla), `${why}: Router Solicitation to the current AR (§3.5.2, §4.3.1)`);
  c.go({ p: 'detecting' }, `${why}: RS sent`);
}

/** Standard MIPv6 movement detection: wait for an RA, or solicit one ([MIPv6], §4.3.1). */
export function detect(c: MnCtx): void {
  const rsMode = c.spec.timers.movementDetection === 'rs';
  c.go({ p: 'detecting' }, rsMode ? 'movement detection: RS sent' : 'movement detection: waiting for an RA');
  if (rsMode)
    c.send(
      rs(c.s.coa, c.spec.lla),
      'movement detection: a Router Solicitation for an RA from the new router ([MIPv6], RFC 2461 §6.3.7)',
    );
}

export function freshNCoA(c: MnCtx): string {
  const r = c.router(c.s.ar);
  const rng = c.view.rng;
  return joinPrefixIid(r.prefix, `::${rng.int(0x100, 0xfffe).toString(16)}:${rng.int(1, 0xfffe).toString(16)}`);
}

/** The nCoA is confirmed: use it as source, complete with a BU to the HA (§3.1.8). */
export function confirm(c: MnCtx, nCoA: string, why: string): void {
  const s = c.s;
  s.prep = undefined;
  s.confirmed.add(nCoA);
  c.own(nCoA);
  const old = s.coa;
  s.coa = nCoA;
  c.mark('confirmed');
  sendBUs(c, why);
  if (old !== nCoA) c.disown(old);
}

export function sendBUs(c: MnCtx, why: string): void {
  const s = c.s;
  const sc = c.spec;
  s.buSeq = (s.buSeq + 1) & 0xffff;
  // §3.1.8: "To complete the process of establishing the nCoA on the nAR, the MN MUST send a BU to its HA."
  c.send(
    bu(s.coa, sc.haAddress, sc.home, s.coa, s.buSeq, sc.timers.bindingLifetimeS, true),
    `${why}: the BU to the HA completes the nCoA (§3.1.8, [MIPv6])`,
  );
  if (sc.bindCn)
    c.send(
      bu(s.coa, sc.cnAddress, sc.home, s.coa, s.buSeq, sc.timers.bindingLifetimeS, false),
      `${why}: the BU to the CN keeps route optimisation ([MIPv6])`,
    );
  c.go({ p: 'binding', coa: s.coa }, why);
}

/** RFC 2462 DAD before using a self-made CoA. */
export function startDad(c: MnCtx, addr: string, why: string): void {
  c.send(nsDad(addr), `${why}: DAD for the address before using it (RFC 2462 §5.4)`);
  c.arm(dadTimer(addr), c.spec.timers.dadUs);
  c.go({ p: 'dad', addr }, why);
}

/** The DAD time for `addr` is over with no answer: the address is the MN's. */
export function onDadDone(c: MnCtx, addr: string): void {
  const s = c.s;
  if (s.phase.p !== 'dad' || s.phase.addr !== addr) return;
  s.confirmed.add(addr);
  c.own(addr);
  const old = s.coa;
  s.coa = addr;
  if (old !== addr && prefix64(old) === prefix64(addr)) c.disown(old);
  sendBUs(c, 'DAD done: BU to the HA and CN ([MIPv6])');
}

/** An NA for the address under DAD: a duplicate; try another interface identifier. */
export function onNA(c: MnCtx, m: Extract<Message, { kind: 'NA' }>): void {
  const ph = c.s.phase;
  if (ph.p === 'dad' && m.target === ph.addr) {
    c.cancel(dadTimer(ph.addr));
    startDad(c, freshNCoA(c), 'DAD: address in use, another one (RFC 2462)');
  }
}

/**
 * §3.5.2: "When the MN has completed obtaining a nCoA, it SHOULD wait until it has received the last
 * BACK from the nodes to which it has sent a BU before sending a binding update to the aAR"; then
 * "the MN MUST send the BU, suitably authenticated, to the [aAR] to initiate tunnel tear-down".
 */
export function bethBackFrom(c: MnCtx, m: Extract<Message, { kind: 'BACK' }>): void {
  const s = c.s;
  const t = s.bethTeardown;
  if (!t || m.status >= 128 || s.phase.p === 'dad' || s.phase.p === 'detecting') return;
  const sc = c.spec;
  if (m.src === sc.haAddress) t.ha = true;
  else if (m.src === sc.cnAddress) t.cn = true;
  else return;
  if (!t.ha || (sc.bindCn && !t.cn)) return;
  s.bethTeardown = undefined;
  s.buSeq = (s.buSeq + 1) & 0xffff;
  c.send(
    bu(s.coa, t.address, t.coa, s.coa, s.buSeq, 0, false),
    'all BACKs for the nCoA are in: the BU to the aAR tears the BET down (§3.5.2) [I-27]',
  );
}
