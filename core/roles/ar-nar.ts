// The access router as nAR (§3.1.3, §5.2.2, §7): the HI and its HACK, the nCoA's validation and
// defence, the host route and reverse tunnel for an oCoA, the buffer (§5.2.1 U), the MN's arrival
// (F-NA, NA, L2-LU) and its RA with a NAACK; and the plain router's link duties — RS answered by
// an RA, DAD defence. Parts of the pure step of core/roles/ar.ts.
import type { HackCode, Message } from '../wire/types.ts';
import { joinPrefixIid, prefix64 } from '../wire/addr.ts';
import { ALL_NODES, hack, optAddress, optLifetime, optLla, ra } from './build.ts';
import { cancelForwarding } from './ar-oar.ts';
import { defendTimer, rsReply, type ArCtx, type Handover } from './ar-state.ts';

/** §3.1.3/§5.2.2/§7 at the nAR. */
export function onHI(c: ArCtx, m: Extract<Message, { kind: 'HI' }>): void {
  const me = c.st.address;
  const mnLla = optLla(m, 'LLA', 2) ?? '';
  const oCoA = optAddress(m, 1) ?? '';
  const proposed = optAddress(m, 2);
  const lifetime = optLifetime(m) ?? c.T.tunnelLifetimeS;
  const h = c.entry(mnLla);
  // A resent HI we already answered: answer the same again (§5.2.2 MUST respond).
  if (h.hiIdIn === m.identifier && h.nar_.p !== 'idle' && h.oar === m.src) {
    c.send(
      hack(me, m.src, m.identifier, h.lastCode ?? 0, h.nar_.valid ? h.nCoA : undefined, lifetime),
      'a resent HI this router already answered: the same HACK again (§5.2.2)',
    );
    return;
  }
  h.hiIdIn = m.identifier;
  h.oar = m.src;
  h.oCoA = oCoA;
  const forced = c.spec.caps.hackCode;
  let code: HackCode;
  let nCoA: string | undefined;
  if (forced !== null && forced >= 128) {
    // §5.2.2: "The new access router can always refuse the handover".
    c.send(
      hack(me, m.src, m.identifier, forced as HackCode, undefined, 0),
      `the nAR refuses the handover: code ${forced} (§5.2.2)`,
    );
    return;
  }
  if (m.flags.S) {
    // §5.2.2: S set — allocate and return the nCoA, code 3; code 4 when none can be assigned.
    if (c.spec.caps.poolExhausted || forced === 4) code = 4;
    else {
      code = 3;
      nCoA = allocate(c);
    }
  } else if (!proposed || prefix64(proposed) !== prefix64(me))
    code = 1; // not valid on this subnet
  else if (inUse(c, proposed) || forced === 2)
    code = 2; // §3.1.3: "being used by another node"
  else if (forced === 1) code = 1;
  else {
    code = 0;
    nCoA = proposed;
  }
  const valid = code === 0 || code === 3;
  h.nCoA = nCoA;
  // §6.1.2: the MN comes back to a router that still tunnels its old address away — drop that tunnel,
  // or the two temporary tunnels form the circular tunnel (routing loop) the section warns about.
  for (const a of [nCoA, oCoA]) {
    if (a && c.hasTunnel(a)) {
      for (const x of c.st.ho.values())
        if (x.oCoA === a && x.oar_.p === 'forwarding')
          cancelForwarding(c, x, 'the MN returns: its address is on-link again (§6.1.2)');
      c.untunnel(a, 'the MN returns: its address is on-link again (§6.1.2)');
    }
  }
  if (valid) {
    // §3.1.3/§7: add the nCoA to the Neighbor Cache (INCOMPLETE) and defend it for a short time (1 s, §5.2.2).
    c.nc(nCoA!, mnLla, 'INCOMPLETE');
  } else {
    // §3.1.3/§5.2.2/§7: not valid — host route for the oCoA to the mobility interface; NC entry for the oCoA.
    c.hostRoute(oCoA, true);
    c.nc(oCoA, mnLla, 'INCOMPLETE');
    // §3.1.5: "the nAR MUST tunnel packets from the MN with the source address being oCoA back to oAR".
    // Not when the oCoA is of our own subnet (the MN comes back to its CoA's router, §6.1.2): here
    // it is topologically correct already, and the oAR — which reverse-tunnels that oCoA to us —
    // would send every upstream packet straight back (a circular tunnel, §6.1.2).
    if (prefix64(oCoA) !== prefix64(me))
      c.reverse(oCoA, m.src, lifetime * 1_000_000, 'nCoA not valid: packets from the oCoA go back to the oAR (§3.1.5)');
  }
  const addr = valid ? nCoA! : oCoA;
  // §5.2.1 U flag: "The destination SHOULD buffer any packets towards the node".
  if (m.flags.U && c.spec.caps.buffer) c.buffer(addr, true, 'the nAR buffers: the HI asked with the U flag (§5.2.1)');
  if (h.nar_.p === 'expecting') c.cancel(defendTimer(mnLla));
  c.arm(defendTimer(mnLla), c.T.defendUs);
  c.setNar(
    h,
    { p: 'expecting', addr, valid, oCoA },
    valid ? `nCoA ${nCoA} valid, defended (§3.1.3)` : `nCoA not valid (code ${code}), host route for oCoA (§3.1.3)`,
  );
  h.lastCode = code;
  c.send(
    hack(me, m.src, m.identifier, code, m.flags.S ? nCoA : undefined, lifetime),
    `the HI answered with code ${code}${code === 0 ? ': the proposed nCoA is valid' : code === 3 ? ': the nAR assigned the nCoA' : code === 4 ? ': no address to assign' : ': the nCoA is not valid, host route for the oCoA'} (§3.1.3, §5.2.2)`,
  );
}

/** The defence period of an nCoA (or oCoA) the MN has not come to is over (§5.2.2 "for a short period of time"). */
export function onDefendOver(c: ArCtx, h: Handover): void {
  if (h.nar_.p !== 'expecting') return;
  const { addr, valid, oCoA } = h.nar_;
  c.nc(addr, h.mnLla, null);
  c.buffer(addr, false);
  if (!valid) c.hostRoute(oCoA, false);
  c.setNar(h, { p: 'idle' }, 'defence period over, MN did not arrive (§5.2.2)');
}

function inUse(c: ArCtx, addr: string): boolean {
  if (c.spec.caps.occupied.includes(addr)) return true;
  for (const a of c.st.attached.values()) if (a === addr) return true;
  for (const h of c.st.ho.values()) if (h.nar_.p !== 'idle' && h.nCoA === addr) return true;
  return false;
}

function allocate(c: ArCtx): string {
  const rng = c.view.rng;
  for (;;) {
    const iid = `::${rng.int(0x100, 0xfffe).toString(16)}:${rng.int(1, 0xfffe).toString(16)}`;
    const a = joinPrefixIid(c.spec.prefix, iid);
    if (!inUse(c, a)) return a;
  }
}

/** The MN is on our link and reachable: §7 REACHABLE, send what is queued. */
export function arrive(c: ArCtx, h: Handover, why: string): void {
  if (h.nar_.p !== 'expecting') return;
  const { addr, valid } = h.nar_;
  c.cancel(defendTimer(h.mnLla));
  c.nc(addr, h.mnLla, 'REACHABLE');
  c.setNar(h, { p: 'arrived', addr, valid }, why);
  // §7: "It sends any packet queued for the neighbor."
  c.flush(addr);
  c.buffer(addr, false);
}

/** §3.1.8 / §5.1.3 / §5.4.4: the F-NA announces the MN; answer with an RA carrying a NAACK. */
export function onFNA(c: ArCtx, m: Extract<Message, { kind: 'F-NA' }>): void {
  const lla = optLla(m, 'TLLA') ?? '';
  const h = c.st.ho.get(lla);
  // §5.1.3: check the oCoA mapping first, then the nCoA.
  const byO = c.view.ncLookup(m.oldCoA);
  const byN = c.view.ncLookup(m.newCoA);
  if (byO && byO.lla === lla) {
    c.learn(lla, m.oldCoA);
    if (h) arrive(c, h, 'F-NA: oCoA mapping found, REACHABLE (§3.1.8, §7)');
    else c.nc(m.oldCoA, lla, 'REACHABLE');
    // §5.4.4: "If the oCoA is valid, the RA MUST use the oCoA as destination address".
    raNaack(
      c,
      lla,
      m.oldCoA,
      1,
      'F-NA: the oCoA is known here, so the RA with NAACK goes to the oCoA (§3.1.8, §5.4.4) [I-18]',
    );
  } else if (byN && byN.lla === lla) {
    c.learn(lla, m.newCoA);
    if (h) arrive(c, h, 'F-NA: nCoA mapping found, REACHABLE (§3.1.8, §7)');
    else c.nc(m.newCoA, lla, 'REACHABLE');
    // §5.4.4: "If the nCoA is valid, the RA MUST use the nCoA as the destination address".
    raNaack(
      c,
      lla,
      m.newCoA,
      0,
      'F-NA: the nCoA mapping is known, so the RA with NAACK 0 goes to the nCoA (§3.1.8, §5.4.4) [I-18]',
    );
  } else {
    // §3.1.8: "If there is no mapping available for either address, the nAR MUST send a RA to the MN
    // using the oCoA as the destination address" with NAACK 128 (LLA unrecognized, §5.4.4).
    raNaack(
      c,
      lla,
      m.oldCoA,
      128,
      'F-NA: no mapping for either address: RA with NAACK 128 to the oCoA (§3.1.8, §5.4.4) [I-18]',
    );
  }
}

/** §3.1.8 / §5.4.4: the RA with a NAACK option (status `code`) answering an F-NA, to `dst` on the MN's link. */
function raNaack(c: ArCtx, lla: string, dst: string, code: number, why: string): void {
  c.onLink(lla, ra(c.st.linkLocal, dst, c.spec.lla, c.spec.prefix, code), why);
}

/** §3.1.1/§7: a standard NA from an MN that already has its F-BACK: REACHABLE, deliver. */
export function onNA(c: ArCtx, m: Extract<Message, { kind: 'NA' }>, fromLla: string | undefined): void {
  const lla = optLla(m, 'TLLA') ?? fromLla ?? '';
  const h = c.st.ho.get(lla);
  const e = c.view.ncLookup(m.target);
  if (e && e.lla === lla) {
    c.learn(lla, m.target);
    if (h) arrive(c, h, 'NA: REACHABLE (§3.1.1, §7)');
    else c.nc(m.target, lla, 'REACHABLE');
  } else if (prefix64(m.target) === prefix64(c.st.address)) {
    c.learn(lla, m.target);
    c.nc(m.target, lla, 'REACHABLE');
  }
}

/** RFC 2461 §6.2.6: answer a solicitation with an RA (after a random delay). */
export function onRS(c: ArCtx, fromLla: string | undefined): void {
  if (!fromLla) return;
  const delay = c.T.rsReplyMaxUs > 0 ? c.view.rng.int(0, c.T.rsReplyMaxUs) : 0;
  if (delay === 0) solicitedRa(c, fromLla);
  else c.arm(rsReply(fromLla), delay);
}

/** The RA answering an RS (RFC 2461 §6.2.6), now or when its `RS-reply` timer fires. */
export function solicitedRa(c: ArCtx, mnLla: string): void {
  c.onLink(
    mnLla,
    ra(c.st.linkLocal, ALL_NODES, c.spec.lla, c.spec.prefix),
    'a Router Solicitation is answered with an RA (RFC 2461 §6.2.6)',
  );
}

/** DAD (RFC 2462): defend addresses in use on the link (the "occupied" ones stand for other hosts). */
export function onNS(c: ArCtx, m: Extract<Message, { kind: 'NS' }>, fromLla: string | undefined): void {
  if (m.src !== '::' || !fromLla) return;
  const e = c.view.ncLookup(m.target);
  if (c.spec.caps.occupied.includes(m.target) || (e && e.lla !== fromLla)) {
    c.onLink(
      fromLla,
      {
        kind: 'NA',
        src: m.target,
        dst: ALL_NODES,
        hopLimit: 255,
        flags: { R: false, S: false, O: true },
        target: m.target,
        options: [{ type: 'TLLA', lla: '02:00:5e:00:00:01' }],
      },
      'DAD: the address is in use on this link and is defended (RFC 2462 §5.4)',
    );
  }
}
