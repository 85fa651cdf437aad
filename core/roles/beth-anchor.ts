// BETH's anchor (§3.2, §3.4): the network end of a BET, at the router whose subnet the MN's CoA
// belongs to while the MN is elsewhere. It places the BET (§3.3 step 4a) and moves it (§3.4's two
// timing extremes), renews or ends it (§3.4.1), and tears it down on the MN's BU with its nCoA
// (§3.5.2). Pure functions of the step's context (beth-state.ts `BethCtx`): actions out, no I/O.
import type { HI } from '../wire/types.ts';
import type { Timer } from './actions.ts';
import {
  BET_LIFETIME,
  BET_PLACEMENT,
  bicastOff,
  keyParts,
  lifetimeUs,
  negotiate,
  type Anchor,
  type BethCtx,
  type Peer,
} from './beth-state.ts';
import { dropServing } from './beth-serving.ts';

/** Places (or moves) the BET for `coa` towards `peer` (§3.3 forward tunnel, §3.4). */
export function placeAnchor(c: BethCtx, mnLla: string, coa: string, peer: Peer, lifetimeS: number, why: string): void {
  const old = c.st.anchors.get(mnLla);
  if (old) {
    c.cancel(old.expiry);
    if (old.pending) c.cancel(old.pending.timer);
  }
  dropServing(c, mnLla, 'the MN left: this router now anchors the BET');
  const us = lifetimeUs(lifetimeS);
  c.bet(coa, peer.address, us, `BET ${why} (§3.3)`);
  c.hostRoute(coa, false);
  const expiry = armAnchorExpiry(c, mnLla, us);
  c.st.anchors.set(mnLla, { coa, peer, expires: c.now + us, expiry });
  c.state(
    mnLla,
    'anchor',
    old ? `to ${old.peer.name}` : 'none',
    `to ${peer.name}`,
    `${why}: BET ${coa} → ${peer.name}, ${lifetimeS} s`,
  );
}

/** The BET's lifetime timer; none for a BET "until cancelled" (0xffffffff, §3.4.1). */
function armAnchorExpiry(c: BethCtx, mnLla: string, us: number): Timer | undefined {
  if (us >= Number.MAX_SAFE_INTEGER / 2) return undefined;
  const t = c.timer(BET_LIFETIME, mnLla);
  c.arm(t, us);
  return t;
}

/** `BET-lifetime` fired: §3.4.1 "If no such signal is received, the aAR MUST terminate the BET when the lifetime expires". */
export function onAnchorExpiry(c: BethCtx, t: Timer): void {
  const a = c.st.anchors.get(t.key);
  if (a?.expiry?.id !== t.id) return; // a timer of an earlier BET
  dropAnchor(c, t.key, 'BET lifetime expired, not renewed (§3.4.1)');
}

export function dropAnchor(c: BethCtx, mnLla: string, why: string): void {
  const a = c.st.anchors.get(mnLla);
  if (!a) return;
  c.cancel(a.expiry);
  if (a.pending) c.cancel(a.pending.timer);
  c.st.anchors.delete(mnLla);
  c.untunnel(a.coa, why);
  c.state(mnLla, 'anchor', `to ${a.peer.name}`, 'none', why);
}

/**
 * HI(T) from a nAR for an MN this router anchors while the MN is elsewhere: the nAR performs a
 * target-trigger handover with us (§3.4 step 3). False when the HI is not that one.
 */
export function anchorTargetHi(c: BethCtx, m: HI, peer: Peer, mnLla: string, offered: number): boolean {
  const a = c.st.anchors.get(mnLla);
  if (!a || c.st.serving.has(mnLla) || peer.name === a.peer.name) return false;
  const life = negotiate(c.cfg.lifetimeS, offered);
  c.reply(
    m,
    c.hackMsg(m.src, m.identifier, 'T', life, a.coa, 0, mnLla),
    'HI(T) from the nAR for an MN this router anchors: HACK(T) with the aCoA (§3.4 step 3)',
  );
  if (life > 0) schedulePlacement(c, mnLla, a, peer, life);
  return true;
}

/** §3.4 "two timing extremes": earliest on the HACK(t), latest on the HI(r). */
function schedulePlacement(c: BethCtx, mnLla: string, a: Anchor, to: Peer, life: number): void {
  if (a.pending) c.cancel(a.pending.timer);
  const p = placementOf(c);
  if (p >= 1) {
    a.pending = { peer: to, lifetimeS: life };
    c.state(
      mnLla,
      'anchor',
      `to ${a.peer.name}`,
      `to ${a.peer.name}`,
      `HACK(t) sent; BET to ${to.name} waits for the HI(r) (§3.4 extreme 2)`,
    );
    return;
  }
  const delay = Math.round(p * c.cfg.placementSpanUs);
  if (delay === 0) {
    a.pending = undefined;
    movePlacement(c, mnLla, a, to, life);
  } else {
    const timer = c.timer(BET_PLACEMENT, mnLla);
    c.arm(timer, delay);
    a.pending = { peer: to, timer, lifetimeS: life };
  }
}

function placementOf(c: BethCtx): number {
  return Math.max(0, Math.min(1, c.cfg.placement));
}

/** `BET-placement` fired: the BET moves to the nAR the HACK(t) answered (§3.4 extreme 1). */
export function onPlacementTimer(c: BethCtx, t: Timer): void {
  const a = c.st.anchors.get(t.key);
  const pending = a?.pending;
  if (!a || !pending || pending.timer?.id !== t.id) return; // a timer of an earlier placement
  movePlacement(c, t.key, a, pending.peer, pending.lifetimeS);
}

function movePlacement(c: BethCtx, mnLla: string, a: Anchor, to: Peer, life: number): void {
  // §3.4 extreme 1: "aAR MAY establish the BET [with nAR] after sending the HACK(t)";
  // "aAR MAY continue tunnel service with oAR ... until the HI is received": duplicates.
  const oldPeer = a.peer;
  // The service to the oAR is the old BET continued, so it ends with that BET's lifetime at the
  // latest: "the aAR MUST terminate the BET when the lifetime expires" (§3.4.1).
  const oldLeftUs = a.expires - c.now;
  placeAnchor(c, mnLla, a.coa, to, life, `placement ${placementOf(c)} after HACK(t)`);
  if (oldLeftUs <= 0) return;
  c.bicast(a.coa, oldPeer.address, true);
  // Never longer than the oAR's HI(r) can take with its resends (§5.2.1): duplicates, not a lingering copy.
  c.arm(bicastOff(a.coa, oldPeer.address, ++c.st.gen), Math.min(c.retryBudgetUs(), oldLeftUs));
}

/** `BET-bicast` fired: the copies to the old peer stop. */
export function onBicastOff(c: BethCtx, t: Timer): void {
  const [coa, peer] = keyParts(t);
  c.bicast(coa, peer, false);
}

/**
 * HI with R at the anchor (§3.4.1, §3.4 steps 4b and 6, §3.3 step 6): renewal, eventual or
 * immediate termination, or the oAR's end of its part after the MN moved on.
 */
export function anchorRenewal(c: BethCtx, m: HI, peer: Peer, mnLla: string, lifetime: number, a: Anchor): void {
  const hs = c.st.ho.get(mnLla);
  if (lifetime === 0 && hs?.p === 'tgt-ready' && hs.special && peer.name === a.peer.name) {
    // §3.4 step 6: nAR = aAR. The aAR "need not gate old tunnel tear down ... on this exchange", but the oAR
    // has just ended its service: tunnelling there any longer would only bounce packets back. Direct
    // delivery starts at L2-LU.
    dropAnchor(c, mnLla, 'HI(r) from the oAR: its service ended; direct delivery at L2-LU (§3.4 step 6)');
    c.send(
      c.hackMsg(m.src, m.identifier, 'R', 0, a.coa),
      'HI(r) from the oAR while the MN returns to its anchor: acknowledged, lifetime 0 (§3.4 step 6)',
    );
    return;
  }
  if (lifetime === 0 && a.pending && peer.name === a.peer.name) {
    // §3.4 step 4b: "If aAR has not already placed a BET to nAR, it MUST do so immediately upon receipt of the HI."
    const { peer: to, lifetimeS } = a.pending;
    c.cancel(a.pending.timer);
    // The lifetime agreed with the nAR in the HI(t)/HACK(t) exchange (§3.4.1), not the old BET's.
    placeAnchor(c, mnLla, a.coa, to, lifetimeS, 'HI(r) from the oAR');
    c.send(
      c.hackMsg(m.src, m.identifier, 'R', 0, a.coa),
      'HI(r) from the oAR: the aAR places the BET to the nAR now and acknowledges (§3.4 step 4b)',
    );
    return;
  }
  if (lifetime === 0 && peer.name !== a.peer.name) {
    // §3.4 step 4b after an earliest placement: the oAR's service is already over; stop the duplicates.
    c.bicast(a.coa, peer.address, false);
    c.send(
      c.hackMsg(m.src, m.identifier, 'R', 0, a.coa),
      'HI(r) from the oAR after an earliest placement: duplicates stop, acknowledged (§3.4 step 4b)',
    );
    return;
  }
  if (peer.name !== a.peer.name) return;
  if (lifetime === 0) {
    // §3.4.1 immediate termination; §3.3 step 6 ping-pong cancel from the serving side.
    dropAnchor(c, mnLla, 'HI(R) lifetime 0: immediate termination (§3.4.1)');
    c.send(
      c.hackMsg(m.src, m.identifier, 'R', 0, a.coa),
      'HI(R) lifetime 0: immediate termination, acknowledged (§3.4.1)',
    );
    return;
  }
  // Extension request from the MN's current AR (§3.4.1): grant the shorter of the two, or refuse.
  const grant = c.cfg.grantRenewal ? negotiate(c.cfg.lifetimeS, lifetime) : 0;
  c.send(
    c.hackMsg(m.src, m.identifier, 'R', grant, a.coa),
    `${grant > 0 ? `renewal granted for ${grant} s` : 'renewal refused: lifetime 0'} (§3.4.1, §3.5.1)`,
  );
  if (grant > 0) {
    c.cancel(a.expiry);
    const us = lifetimeUs(grant);
    a.expires = c.now + us;
    a.expiry = armAnchorExpiry(c, mnLla, us);
    c.bet(a.coa, a.peer.address, us, `BET renewed ${grant} s (§3.4.1)`);
    c.state(mnLla, 'anchor', `to ${a.peer.name}`, `to ${a.peer.name}`, `renewed for ${grant} s (§3.4.1)`);
  } else
    c.state(
      mnLla,
      'anchor',
      `to ${a.peer.name}`,
      `to ${a.peer.name}`,
      'renewal refused: BET ends at its lifetime (§3.5.1 sub-case 1)',
    );
}

/** The MN whose BET this router anchors for `coa`, if any (§3.5.2). */
export function anchoredFor(anchors: ReadonlyMap<string, Anchor>, coa: string): string | undefined {
  for (const [mnLla, a] of anchors) if (a.coa === coa) return mnLla;
  return undefined;
}

/**
 * §3.5.2: the MN got a nCoA and sent the aAR a BU (Home Address = aCoA, lifetime 0): tear the BET
 * down and tell the serving AR (HI(R), lifetime 0).
 */
export function onBindingUpdate(c: BethCtx, coa: string, lifetime: number): void {
  if (lifetime !== 0) return;
  const mnLla = anchoredFor(c.st.anchors, coa);
  if (mnLla === undefined) return;
  const a = c.st.anchors.get(mnLla)!;
  c.send(
    c.hiMsg(a.peer.address, c.nextId(), 'R', mnLla, a.coa, 0),
    "the MN's BU with its nCoA: the aAR tears the BET down and tells the serving AR, HI(R) lifetime 0 (§3.5.2)",
  );
  dropAnchor(c, mnLla, 'BU from the MN with its nCoA: BET torn down (§3.5.2, §3.2 teardown 2)');
}
