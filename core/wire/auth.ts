// The lab's stand-in for IPsec AH (§8 of the draft; docs/security.md says what it stands for).
//
// §5.2.1/§5.2.2/§8.2.2: HI, HACK and HTT "MUST contain an IPSEC AH header" under a security
// association between the two ARs; §8.1: the F-BU "MUST be authenticated" under the MN–AR
// association. `addAuth` has the packet core (assembly/auth.ts, `ahInsert`) insert an
// Authentication Header (RFC 2402 layout, 24 octets) right after the IPv6 header, fixing the
// Payload Length and the next-header chain, and sign it: the ICV is HMAC-SHA-256 truncated to
// 96 bits. `verifyAuth` has the core read and check the AH (`ahOpen`, `ahStrip`), applies RFC
// 2402's anti-replay window (the SA's state, kept here) and gives back the packet without the AH,
// ready for the codec's `parse`. No AH byte is written or read in TypeScript. The ICMPv6 checksum is unaffected: its pseudo-header
// carries the upper-layer length and next header 58, not the IPv6 header's.
//
//   const auth = authFor(codec.core);
//   const sa = newSa(0x1001, keyBytes);            // one per direction and peer pair
//   const signed = auth.addAuth(codec.emit(hiMsg), sa);
//   const r = auth.verifyAuth(signed, [saAtReceiver]); // { ok: true, packet, spi, seq } | { ok: false, status }
import type { PacketCore } from '../wasm.ts';

export const NH_AH = 51;
export const AH_LEN = 24;
export const AH_ICV_OFFSET = 12;
export const AH_ICV_LEN = 12;
const IP6_LEN = 40;
const ST_BAD_ICV = 40;

/**
 * One security association (RFC 2401): an SPI, a key, the sender's sequence counter and the
 * receiver's anti-replay window. The lab keeps the same object at both ends of a one-way SA
 * (the world is one process); real IPsec holds two copies, one per node.
 */
export interface SecurityAssociation {
  /** Security Parameters Index; 1–255 are reserved (RFC 2402 §2.4), so >= 256. */
  spi: number;
  key: Uint8Array;
  /** The last sequence number sent (RFC 2402 §3.3.2: starts at 0, the first packet carries 1). */
  seq: number;
  /** Receiver: highest sequence number accepted and a 32-packet bitmap behind it (§3.4.3). */
  replay: { top: number; bitmap: number };
}

export type AuthStatus = 'NoAuth' | 'UnknownSpi' | 'BadIcv' | 'Replay' | 'Truncated' | 'BadLength' | 'KeyTooLong';

export type AuthResult =
  | { ok: true; spi: number; seq: number; /** The packet without its AH. */ packet: Uint8Array }
  | { ok: false; status: AuthStatus; spi?: number };

export function newSa(spi: number, key: Uint8Array): SecurityAssociation {
  if (!Number.isInteger(spi) || spi < 256 || spi > 0xffffffff)
    throw new RangeError(`SPI ${spi}: expected 256..2^32-1 (RFC 2402 §2.4)`);
  return { spi, key, seq: 0, replay: { top: 0, bitmap: 0 } };
}

/** Does the packet carry an AH right after its IPv6 header? */
export function hasAuth(packet: Uint8Array): boolean {
  return packet.length >= IP6_LEN && packet[6] === NH_AH;
}

export interface Authenticator {
  /** The packet with an AH after its IPv6 header, signed under `sa` (its sequence counter advances). */
  addAuth(packet: Uint8Array, sa: SecurityAssociation): Uint8Array;
  /** Checks the AH against the receiver's SAs (by SPI); on success the window advances. */
  verifyAuth(packet: Uint8Array, sas: Iterable<SecurityAssociation>): AuthResult;
  /** HMAC-SHA-256 (RFC 2104 over FIPS 180-4), 32 octets: exposed for the RFC 4231 tests. */
  hmac(key: Uint8Array, data: Uint8Array): Uint8Array;
  sha256(data: Uint8Array): Uint8Array;
}

const WINDOW = 32;

function status(n: number): AuthStatus {
  if (n === 1) return 'Truncated';
  if (n === ST_BAD_ICV) return 'BadIcv';
  if (n === 41) return 'KeyTooLong';
  if (n === 42) return 'NoAuth';
  return 'BadLength';
}

/** RFC 2402 §3.4.3: is `seq` new for this window (not yet checked against the ICV)? */
function replayFresh(sa: SecurityAssociation, seq: number): boolean {
  if (seq === 0) return false;
  const { top, bitmap } = sa.replay;
  if (seq > top) return true;
  const diff = top - seq;
  if (diff >= WINDOW) return false;
  return ((bitmap >>> diff) & 1) === 0;
}
/** Called only after the ICV verified (§3.4.3: the window is updated only then). */
function replayAccept(sa: SecurityAssociation, seq: number): void {
  const r = sa.replay;
  if (seq > r.top) {
    const shift = seq - r.top;
    r.bitmap = shift >= WINDOW ? 1 : ((r.bitmap << shift) | 1) >>> 0;
    r.top = seq;
  } else r.bitmap = (r.bitmap | (1 << (r.top - seq))) >>> 0;
}

export function authFor(core: PacketCore): Authenticator {
  const mem = (): Uint8Array => new Uint8Array(core.memory.buffer);
  const pIn = core.pktIn() >>> 0;
  const pKey = core.authKey() >>> 0;
  const pOut = core.authOut() >>> 0;
  const keyMax = core.authKeyMax();
  const size = core.pktSize();
  const setKey = (key: Uint8Array): void => {
    if (key.length > keyMax) throw new RangeError(`key of ${key.length} octets: at most ${keyMax}`);
    mem().set(key, pKey);
  };
  return {
    // The AH is built and checked in the packet core (assembly/auth.ts: ahInsert, ahOpen,
    // ahStrip); here stay only the SA's state — its sequence counter and anti-replay window.
    addAuth(packet, sa) {
      if (packet.length < IP6_LEN) throw new RangeError('addAuth: not an IPv6 packet (shorter than 40 octets)');
      if (packet.length + AH_LEN > size) throw new RangeError('addAuth: packet too large');
      // RFC 2402 §3.3.2: the counter never cycles; a real SA would be re-keyed before 2^32.
      const seq = (sa.seq + 1) >>> 0;
      if (seq === 0) throw new RangeError(`SA ${sa.spi}: sequence number would cycle; re-key`);
      setKey(sa.key);
      mem().set(packet, pIn);
      const n = core.ahInsert(packet.length, sa.spi, seq, sa.key.length);
      if (n < 0) throw new Error(`addAuth: ${status(-n)}`);
      sa.seq = seq;
      return mem().slice(pIn, pIn + n);
    },
    verifyAuth(packet, sas) {
      if (!hasAuth(packet)) return { ok: false, status: 'NoAuth' };
      if (packet.length > size) return { ok: false, status: 'BadLength' };
      mem().set(packet, pIn);
      const open = core.ahOpen(packet.length);
      if (open !== 0) return { ok: false, status: status(open) };
      const spi = core.ahSpi() >>> 0;
      const seq = core.ahSeq() >>> 0;
      let sa: SecurityAssociation | undefined;
      for (const s of sas) if (s.spi === spi) sa = s;
      if (!sa) return { ok: false, status: 'UnknownSpi', spi };
      if (!replayFresh(sa, seq)) return { ok: false, status: 'Replay', spi };
      if (sa.key.length > keyMax) return { ok: false, status: 'KeyTooLong', spi };
      setKey(sa.key);
      const n = core.ahStrip(packet.length, sa.key.length);
      if (n < 0) return { ok: false, status: status(-n), spi };
      replayAccept(sa, seq);
      return { ok: true, spi, seq, packet: mem().slice(pIn, pIn + n) };
    },
    hmac(key, data) {
      if (data.length > size) throw new RangeError('hmac: data too large');
      setKey(key);
      mem().set(data, pIn);
      const st = core.hmacSha256(key.length, data.length);
      if (st !== 0) throw new Error(`hmac: status ${status(st)}`);
      return mem().slice(pOut, pOut + 32);
    },
    sha256(data) {
      if (data.length > size) throw new RangeError('sha256: data too large');
      mem().set(data, pIn);
      core.sha256(data.length);
      return mem().slice(pOut, pOut + 32);
    },
  };
}

/** A lab key derived from a name (deterministic; NOT a key-management scheme: docs/security.md). */
export function labKey(auth: Authenticator, label: string): Uint8Array {
  return auth.sha256(new TextEncoder().encode(`fmip-lab key: ${label}`));
}
