// The access router as oAR (§3.1.2–§3.1.6, §5.1–§5.3) and as the anchor of a three-party handover
// (§3.1.7): the RtSolPr or L2-ST that starts a handover, the HI and its resends, the HACK, the F-BU
// and its F-BACK, the temporary tunnel and its lifetime, the BU that drops it (§6.1.2). Parts of
// the pure step of core/roles/ar.ts: each writes its actions into the step's context.
import type { Message } from '../wire/types.ts';
import { iidOf, joinPrefixIid, prefix64 } from '../wire/addr.ts';
import { fback, hi, optAddress, optLla, prRtAdv } from './build.ts';
import { capabilityAdv, codeOf, hoCapsOf, mechanismOf, HOCAPS_MIPV6_ONLY } from './caps.ts';
import { hiRetry, tunnelLifetime, type ArCtx, type Handover, type RouterInfo } from './ar-state.ts';

/**
 * Which router serves a new attachment point LLA; undefined = unknown (§3.1.1 case 1): not in
 * the neighbour table this AR is configured with, or a neighbour that does not speak the fast
 * handover protocol (its capability is configured in the same row, §4.3).
 */
function neighborByApLla(c: ArCtx, apLla: string): RouterInfo | 'self' | undefined {
  if (apLla === c.spec.lla) return 'self';
  const row = c.apRow(apLla);
  if (!row) return undefined;
  if (row.router.name === c.st.name) return 'self';
  if (!row.caps.fast) return undefined;
  return row.router;
}

/**
 * Does this MN run tunnel-based handover (BETH), as far as this AR knows? From the §4.1 exchange
 * (the MN's RtSolPr asked for it, `caps`), or because this AR already carries a BET for it (§3.3:
 * it serves, anchors or hands it over). Not from the MN's configuration: a router has none.
 */
function knowsBeth(c: ArCtx, mnLla: string): boolean {
  return c.st.caps.of(mnLla) === 'beth' || c.view.bethHandles(mnLla);
}

/**
 * §4.2: "a standard MN ... will not respond to a [PrRtAdv] with a F-BU". Only a PrRtAdv this AR
 * sent unsolicited — a handover it started on an L2-ST (§3.1.2) or at a §4.3 boundary — asks for
 * that answer; an MN that sent a RtSolPr has shown it is fast. An MN this AR carries a BET for
 * does tunnel-based handover (§3.3), so no answer does not make it standard.
 */
export function unansweredPrRtAdv(c: ArCtx, h: Handover, mnLla: string): boolean {
  return (h.unsolicited ?? false) && !c.view.bethHandles(mnLla);
}

/** L2-ST at the oAR (network-initiated, §3.1.2): the oAR knows where the MN will go. */
export function onSourceTrigger(c: ArCtx, mnLla: string, apLla: string): void {
  const oCoA = c.st.attached.get(mnLla);
  if (!oCoA) return;
  if (c.st.standardOnly.has(mnLla)) {
    // §4.2: "the AR MUST suppress any further fast handover signaling" for a standard-only MN.
    c.state(`caps:${mnLla}`, 'mipv6', 'mipv6', 'standard-only MN: fast signalling suppressed (§4.2)');
    return;
  }
  startHandover(c, mnLla, oCoA, apLla, 0, oCoA, true);
}

/** §4.3: the boundary AR of a BETH area tells the MN what the next AR supports, and hands it over. */
export function bethBoundary(c: ArCtx, mnLla: string, coa: string, apLla: string, code: number): void {
  c.onLink(
    mnLla,
    capabilityAdv(c.st.linkLocal, coa, 0, c.spec.lla, code),
    "the boundary AR tells the MN the next area's handover capabilities (§4.3)",
  );
  // §4.3.2: into an anticipated area the MN "MUST immediately switch to performing anticipated handover":
  // the boundary AR starts it (network-initiated, Figure 1). §4.3.1: into a standard-only area, the notice alone.
  if (code !== HOCAPS_MIPV6_ONLY) startHandover(c, mnLla, coa, apLla, 0, coa, true);
}

/** §4.1: a RtSolPr naming this AR itself is a capability exchange, not a handover request. */
export function onCapabilities(c: ArCtx, m: Extract<Message, { kind: 'RtSolPr' }>, fromLla: string | undefined): void {
  const mnLla = optLla(m, 'SLLA') ?? fromLla ?? '';
  const code = hoCapsOf(m);
  const mine = c.view.hasBeth ? 'beth' : 'anticipated';
  c.st.caps.learn(mnLla, code === undefined ? 'anticipated' : (mechanismOf(code) ?? 'anticipated'));
  // §4.1 step 2: "The current AR MUST respond with a PrRtAdv including its link layer address ... and a Handover Capabilities Extension".
  c.onLink(
    mnLla,
    capabilityAdv(c.st.linkLocal, m.src, m.identifier, c.spec.lla, codeOf(mine)),
    'capability exchange: the AR answers with its own LLA and its Handover Capabilities (§4.1 step 2)',
  );
}

/** §5.1.1/§3.1.6: the MN asks for information on the attachment point it wants to move to. */
export function onRtSolPr(c: ArCtx, m: Extract<Message, { kind: 'RtSolPr' }>, fromLla: string | undefined): void {
  const mnLla = optLla(m, 'SLLA') ?? fromLla ?? '';
  const apLla = optLla(m, 'LLA', 1);
  if (!apLla) return; // §5.1.1: the New Attachment Point option MUST be included
  const oCoA = m.src;
  if (mnLla) c.learn(mnLla, oCoA);
  const h = c.entry(mnLla);
  // A retransmitted RtSolPr for a handover already under way: answer again, do not restart (§5.1.1).
  if (h.oar_.p !== 'idle' && h.oar_.p !== 'failed' && h.nar?.lla === apLla && h.oCoA === oCoA) {
    if (h.oar_.p === 'awaiting-hack' && h.oar_.stateful) return; // PrRtAdv follows the HACK (§3.1.4)
    c.onLink(
      mnLla,
      prRtAdv(c.st.linkLocal, oCoA, m.identifier, 0, c.spec.lla, h.nar, h.nCoA),
      'the RtSolPr was resent: the same PrRtAdv again, the handover is already under way (§5.1.1)',
    );
    return;
  }
  startHandover(c, mnLla, oCoA, apLla, m.identifier, oCoA);
}

/** Common to §3.1.2 (L2-ST) and §3.1.6 (RtSolPr). */
function startHandover(
  c: ArCtx,
  mnLla: string,
  oCoA: string,
  apLla: string,
  prId: number,
  dst: string,
  unsolicited = false,
): void {
  const ll = c.st.linkLocal;
  const target = neighborByApLla(c, apLla);
  if (target === 'self') {
    // §5.1.2 code 1: the new attachment point is under this same router; no CoA change.
    c.onLink(
      mnLla,
      prRtAdv(ll, dst, prId, 1, c.spec.lla),
      'the new attachment point is under this same router: code 1, no CoA change (§5.1.2)',
    );
    return;
  }
  if (!target && knowsBeth(c, mnLla)) {
    // §4.3.1: into a standard-only area the boundary AR's PrRtAdv carries the Handover Capabilities code 3.
    const row = c.apRow(apLla);
    if (row && !row.caps.fast)
      c.onLink(
        mnLla,
        capabilityAdv(ll, dst, prId, c.spec.lla, HOCAPS_MIPV6_ONLY),
        'into a standard-only area: Handover Capabilities code 3 (§4.3.1)',
      );
  }
  if (!target) {
    // §3.1.1 case 1 / §5.1.2 code 2: the new attachment point is unknown.
    c.onLink(
      mnLla,
      prRtAdv(ll, dst, prId, 2, c.spec.lla),
      'the new attachment point is unknown to this router: code 2 (§3.1.1, §5.1.2)',
    );
    return;
  }
  const h = c.entry(mnLla);
  if (h.oar_.p === 'forwarding') c.untunnel(h.oCoA, 'new handover');
  h.oCoA = oCoA;
  h.nar = target;
  h.pendingFbu = undefined;
  // Network-initiated (L2-ST, §3.1.2): the PrRtAdv goes unsolicited; an F-BU answering it is what
  // tells a fast MN from a standard one (§4.2).
  h.unsolicited = unsolicited;
  // §3.1.4: whether the nAR assigns the nCoA is configured in the neighbour table's row.
  const stateful = c.neighborCaps(target.name)?.stateful ?? false;
  // §3.1.3: stateless — the oAR MUST construct the nCoA from the MN's interface ID (the oCoA's
  // low 64 bits) and the nAR's prefix.
  h.nCoA = stateful ? undefined : joinPrefixIid(target.prefix, oCoA);
  const hiId = (c.st.hiSeq = (c.st.hiSeq + 1) & 0xffff);
  sendHI(c, h, hiId, stateful);
  c.arm(hiRetry(h.mnLla, hiId), c.retryUs(c.T.accessRttUs));
  c.setOar(
    h,
    { p: 'awaiting-hack', hiId, tries: 0, stateful, prId },
    stateful ? 'HI(S) sent; PrRtAdv after HACK (§3.1.4)' : 'HI sent with PrRtAdv (§3.1.3)',
  );
  // §3.1.3: stateless — PrRtAdv "at the same time" as the HI (MAY precede the HACK, §3.1.1).
  if (!stateful)
    c.onLink(
      mnLla,
      prRtAdv(ll, dst, prId, 0, c.spec.lla, target, h.nCoA),
      'stateless: the PrRtAdv goes with the HI, carrying the nCoA the oAR formed (§3.1.3)',
    );
}

function sendHI(c: ArCtx, h: Handover, hiId: number, stateful: boolean): void {
  const nar = h.nar!;
  // §5.2.1 U: ask the nAR to buffer when its row says it can.
  const U = c.neighborCaps(nar.name)?.buffer ?? false;
  c.send(
    hi(c.st.address, nar.address, hiId, { S: stateful, U }, h.mnLla, h.oCoA, h.nCoA, c.T.tunnelLifetimeS),
    `${stateful ? 'stateful: the nAR is to assign the nCoA (S flag)' : 'the oAR proposes the nCoA it formed'}${U ? '; U: the nAR is to buffer' : ''} (§3.1.3, §5.2.1)`,
  );
}

/** The HI-retry timer of the handover with this HI identifier fired (a timer of an earlier HI does nothing). */
export function onHiRetry(c: ArCtx, h: Handover, hiId: number): void {
  if (h.oar_.p !== 'awaiting-hack' || h.oar_.hiId !== hiId) return;
  const { tries, stateful, prId } = h.oar_;
  if (tries < c.T.hiResends) {
    // §5.2.1: "the Handover Initiate SHOULD be resent up to 4 times".
    sendHI(c, h, hiId, stateful);
    c.arm(hiRetry(h.mnLla, hiId), c.retryUs(c.T.accessRttUs));
    c.setOar(
      h,
      { p: 'awaiting-hack', hiId, tries: tries + 1, stateful, prId },
      `HI resent (${tries + 1}/${c.T.hiResends}, §5.2.1)`,
    );
    return;
  }
  // §5.2.1: "Failure to receive an Handover Acknowledgement means that no fast handover can be performed."
  c.setOar(h, { p: 'failed', why: 'no HACK' }, 'HI unanswered: no fast handover (§5.2.1)');
  if (stateful)
    c.onLink(
      h.mnLla,
      prRtAdv(c.st.linkLocal, h.oCoA, prId, 2, c.spec.lla),
      'the HI went unanswered after its resends: code 2, no fast handover (§5.2.1, §5.1.2)',
    );
  if (h.pendingFbu) answerFbu(c, h, h.pendingFbu.src, h.pendingFbu.seq, h.pendingFbu.lifetime);
}

/** §5.2.2 at the oAR. */
export function onHACK(c: ArCtx, m: Extract<Message, { kind: 'HACK' }>): void {
  let h: Handover | undefined;
  for (const x of c.st.ho.values())
    if (x.oar_.p === 'awaiting-hack' && x.oar_.hiId === m.identifier) {
      h = x;
      break;
    }
  if (!h || h.oar_.p !== 'awaiting-hack') return; // a late duplicate
  c.cancel(hiRetry(h.mnLla, m.identifier));
  const { stateful, prId } = h.oar_;
  if (m.code >= 128) {
    // §5.2.2: handover not accepted (128–130).
    c.setOar(h, { p: 'failed', why: `HACK ${m.code}` }, `HACK code ${m.code}: handover refused (§5.2.2)`);
    if (stateful)
      c.onLink(
        h.mnLla,
        prRtAdv(c.st.linkLocal, h.oCoA, prId, 2, c.spec.lla),
        'the nAR refused the handover in its HACK: code 2 to the MN (§5.2.2, §5.1.2)',
      );
  } else {
    if (stateful) {
      // §3.1.4: the nAR returned the nCoA; the PrRtAdv carries it (HI/HACK MUST complete first, §3.1.1).
      h.nCoA = optAddress(m, 2) ?? (h.nar ? joinPrefixIid(h.nar.prefix, iidOf(h.oCoA) ?? '::1') : h.nCoA);
      c.onLink(
        h.mnLla,
        prRtAdv(c.st.linkLocal, h.oCoA, prId, 0, c.spec.lla, h.nar, h.nCoA),
        'stateful: the HACK returned the nCoA; the PrRtAdv carries it now (§3.1.4)',
      );
    }
    // §3.1.3: "Upon receipt of the HACK ... the oAR MUST prepare to forward"; no routing change before the F-BU.
    c.setOar(h, { p: 'prepared', code: m.code }, `HACK code ${m.code}: prepared, waiting for the F-BU (§3.1.3)`);
  }
  if (h.pendingFbu) {
    const f = h.pendingFbu;
    h.pendingFbu = undefined;
    answerFbu(c, h, f.src, f.seq, f.lifetime);
  }
}

/** §3.1.3 / §5.3.1 at the oAR, or the aAR of §3.1.7. */
export function onFBU(c: ArCtx, m: Extract<Message, { kind: 'F-BU' }>): void {
  const addr = m.homeAddress;
  let h: Handover | undefined;
  for (const x of c.st.ho.values())
    if (x.oCoA === addr && x.oar_.p !== 'idle') {
      h = x;
      break;
    }
  if (m.lifetime === 0) {
    // §5.3.1: lifetime 0 deletes any existing binding and creates none.
    if (h) cancelForwarding(c, h, 'F-BU with lifetime 0 (§5.3.1)');
    c.send(
      fback(c.st.address, m.src, 0, m.sequence, 0),
      'an F-BU with lifetime 0: the binding is deleted and none created (§5.3.1)',
    );
    return;
  }
  if (!h) {
    // §3.1.7: the anchor AR receives the F-BU of an MN it already tunnels for (BT-1); it moves the tunnel.
    if (c.hasTunnel(addr) || isAnchorFor(c, addr)) return threeParty(c, m);
    // no HI/HACK for this MN: nothing to bind to
    c.send(
      fback(c.st.address, m.src, 128, m.sequence, 0),
      'an F-BU with no HI/HACK for this MN: nothing to bind, status 128 (§5.3.2) [I-32]',
    );
    return;
  }
  if (h.oar_.p === 'forwarding' && h.nCoA !== m.altCoA) {
    // §3.1.7: the MN moved on before completing the nCoA; as anchor, move the tunnel to its new nCoA.
    c.cancel(tunnelLifetime(h.mnLla));
    c.setOar(h, { p: 'idle' }, 'F-BU from further on: three-party handover (§3.1.7)');
    return threeParty(c, m);
  }
  h.nCoA = m.altCoA;
  answerFbu(c, h, m.src, m.sequence, m.lifetime);
}

function isAnchorFor(c: ArCtx, addr: string): boolean {
  if (prefix64(addr) !== prefix64(c.st.address)) return false;
  for (const a of c.st.attached.values()) if (a === addr) return false;
  return true;
}

/** The F-BU rules: no F-BACK before the HACK; then forward or tunnel, and the F-BACK to the nCoA or tunnelled. */
function answerFbu(c: ArCtx, h: Handover, src: string, seq: number, lifetime: number): void {
  const ph = h.oar_;
  switch (ph.p) {
    case 'awaiting-hack':
      // §5.3.2: "The Fast Binding Acknowledgement MUST NOT be send to the MN before the oAR receives a HACK".
      h.pendingFbu = { src, seq, lifetime, nCoA: h.nCoA ?? '' };
      c.state(`oAR:${h.mnLla}`, 'awaiting-hack', 'awaiting-hack', 'F-BU before HACK: F-BACK held (§5.3.2)');
      return;
    case 'idle':
    case 'failed':
      // No fast handover possible (§5.2.1): reject the F-BU.
      c.send(
        fback(c.st.address, src, 128, seq, 0),
        'no fast handover possible (the HI failed or was refused): the F-BU is rejected, status 128 (§5.2.1, §5.3.2) [I-32]',
      );
      return;
    case 'forwarding':
      // A resent F-BU (§3.1.8): acknowledge again, the binding stands.
      sendFback(c, h, ph.valid, seq);
      return;
    case 'prepared': {
      const valid = ph.code === 0 || ph.code === 3;
      const lifeUs = Math.min(lifetime, c.T.tunnelLifetimeS) * 1_000_000;
      // §3.1.3: "Upon receipt of the F-BU and providing the HACK has also been received, the oAR MUST either
      // forward packets ... to the nCoA, if it was validated, or ... tunnel packets to the MN's oCoA at the nAR.
      // Additionally, and if the link layer supports such indications, the oAR MAY delay the routing change
      // until it determines that the MN has disconnected" — done here when the MN is still on the link (L2-LD).
      const routed = !c.st.attached.has(h.mnLla);
      if (routed) route(c, h, valid, lifeUs);
      c.arm(tunnelLifetime(h.mnLla), lifeUs);
      // §3.1.5: when !valid the oAR routes the MN's reverse-tunnelled packets out as if they
      // originated on its subnet — nothing to set up here (the nAR's reverse tunnel ends at us).
      c.setOar(
        h,
        { p: 'forwarding', valid, routed },
        valid ? 'F-BU: forwarding to the nCoA (§3.1.3)' : 'F-BU: tunnelling to the nAR (§3.1.5)',
      );
      sendFback(c, h, valid, seq);
      return;
    }
  }
}

export function route(c: ArCtx, h: Handover, valid: boolean, lifeUs: number): void {
  c.tunnelTo(
    h.oCoA,
    valid ? h.nCoA! : h.nar!.address,
    lifeUs,
    valid ? 'forward oCoA to nCoA (§3.1.3)' : 'tunnel oCoA to nAR (§3.1.5)',
  );
}

function sendFback(c: ArCtx, h: Handover, valid: boolean, seq: number): void {
  // §6.1.1: status 1 when the nCoA was not validated but the nAR accepts the MN.
  const status = valid ? 0 : 1;
  const life = c.T.tunnelLifetimeS;
  const a = c.st.address;
  if (valid)
    c.send(
      fback(a, h.nCoA!, status, seq, life),
      'the nCoA is valid: the F-BACK goes to the nCoA and forwarding starts (§3.1.3, §5.3.2)',
    );
  // §5.3.2: "MUST be sent with the MN's [oCoA] tunneled to the nAR" when the nCoA was not validated.
  else
    c.tunnelled(
      fback(a, h.oCoA, status, seq, life),
      h.nar!.address,
      'the nCoA was not validated: the F-BACK goes to the oCoA, tunnelled to the nAR (§5.3.2)',
    );
  // §3.1.3/§5.3.2: "MAY also be sent to the MN on the old link".
  if (c.spec.fbackOnOldLink && c.st.attached.has(h.mnLla))
    c.onLink(
      h.mnLla,
      fback(a, h.oCoA, status, seq, life),
      'the MN is still on the old link: a copy of the F-BACK there (§3.1.3, §5.3.2)',
    );
}

/**
 * §6.1.2: "temporary tunnels have short lifetimes" — when this one's runs out, the tunnel for the
 * handover's oCoA goes and the oAR (or anchor, §3.1.7) is idle again. One timer for both.
 */
export function onTunnelExpiry(c: ArCtx, h: Handover): void {
  if (h.oar_.p === 'forwarding') {
    c.untunnel(h.oCoA, 'lifetime expired (§6.1.2)');
    c.setOar(h, { p: 'idle' }, 'tunnel lifetime expired (§6.1.2)');
  }
}

export function cancelForwarding(c: ArCtx, h: Handover, why: string): void {
  if (h.oar_.p === 'forwarding') {
    c.cancel(tunnelLifetime(h.mnLla));
    c.untunnel(h.oCoA, why);
  }
  c.setOar(h, { p: 'idle' }, why);
}

/** §3.1.7 (Figure 4): the aAR moves the tunnel end from the oAR to the MN's nCoA. */
function threeParty(c: ArCtx, m: Extract<Message, { kind: 'F-BU' }>): void {
  const aCoA = m.homeAddress;
  const h = c.entry(`anchor:${aCoA}`);
  h.oCoA = aCoA;
  h.nCoA = m.altCoA;
  const life = c.T.tunnelLifetimeS;
  // The F-BACK over the old tunnel (to the aCoA, through the oAR: Figure 4's "+++") and to the nCoA.
  c.send(
    fback(c.st.address, aCoA, 0, m.sequence, life),
    'three-party handover: the F-BACK through the old tunnel to the aCoA (§3.1.7)',
  );
  c.tunnelTo(aCoA, m.altCoA, life * 1_000_000, 'three-party: tunnel moved to the nCoA (§3.1.7)');
  c.send(
    fback(c.st.address, m.altCoA, 0, m.sequence, life),
    "three-party handover: the F-BACK to the MN's nCoA (§3.1.7)",
  );
  c.arm(tunnelLifetime(h.mnLla), life * 1_000_000); // h.oCoA is the aCoA
  c.setOar(h, { p: 'forwarding', valid: true, routed: true }, 'anchor: F-BU moves BT to the nCoA (§3.1.7)');
}

/** §6.1.2: the MN came back; a BU with Home Address = oCoA and lifetime 0 drops the tunnel. */
export function onBU(c: ArCtx, m: Extract<Message, { kind: 'BU' }>): void {
  if (m.lifetime !== 0) return;
  for (const h of c.st.ho.values()) {
    if (h.oCoA === m.homeAddress && h.oar_.p !== 'idle') {
      // "SHOULD drop that tunnel; i.e.: stop forwarding packets for this MN and start delivering packets directly"
      cancelForwarding(c, h, 'BU lifetime 0: ping-pong, tunnel dropped (§6.1.2)');
    }
  }
  if (c.hasTunnel(m.homeAddress)) c.untunnel(m.homeAddress, 'BU lifetime 0 (§6.1.2)');
  ackBU(c, m, 'a BU with Home Address = oCoA and lifetime 0: the tunnel is dropped and the BU acknowledged (§6.1.2)');
}

/** The BACK (status 0, lifetime 0) to a BU with lifetime 0 ([MIPv6]; §3.5.2, §6.1.2). */
export function ackBU(c: ArCtx, m: Extract<Message, { kind: 'BU' }>, why: string): void {
  c.send(
    {
      kind: 'BACK',
      src: c.st.address,
      dst: m.src,
      hopLimit: 64,
      status: 0,
      sequence: m.sequence,
      lifetime: 0,
      refresh: 0,
    },
    why,
  );
}
