// Message authentication for §8 of the draft: the ICV of an IPsec Authentication Header.
//
// §5.2.1, §5.2.2, §8.2.2: "a security association MUST exist between ARs, and the HI, HACK, and
// HTT messages MUST contain an IPSEC AH header"; §8.1: the F-BU "MUST be authenticated". The lab
// stands in for IPsec with an AH (RFC 2402 layout) whose Integrity Check Value is
// HMAC-SHA-256-128 truncated to 96 bits (the length RFC 2404's HMAC-SHA-1-96 uses, so the
// header keeps its classic 24 octets); keys are set by hand, there is no IKE (docs/security.md).
//
// Authentication Header, RFC 2402 §2:
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  | Next Header   |  Payload Len  |          RESERVED             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                 Security Parameters Index (SPI)               |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                    Sequence Number Field                      |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                Authentication Data (variable)                 |
// Payload Len is the AH length in 32-bit words minus 2 (RFC 2402 §2.2): 4 for a 96-bit ICV.
//
// ICV coverage (RFC 2402 §3.3.3.1.2): the IPv6 header with its mutable fields (traffic class,
// flow label, hop limit) as zero, the AH with its Authentication Data as zero, and everything
// after it; in a Destination Options header that follows, an option whose "may change en route"
// bit (0x20 of its type, RFC 2460 §4.2) is set counts as zeros. Per-packet work allocates
// nothing; untrusted bytes never trap: every entry point returns a status (0 = Ok).
import { IP6_HEADER_LEN, IP6_HOP_LIMIT } from './ipv6';
import { NH_DSTOPTS, NH_AH as NH_AH_CODEPOINT } from './codepoints';
import { ST_OK, ST_TRUNCATED, ST_BAD_LENGTH, ST_NO_SPACE } from './status';
import { PKT_IN, PKT_SIZE } from './memory';

export const NH_AH: u8 = NH_AH_CODEPOINT; // the one table: codepoints.ts
export const AH_NEXT_HEADER: i32 = 0;
export const AH_PAYLOAD_LEN: i32 = 1;
export const AH_RESERVED: i32 = 2;
export const AH_SPI: i32 = 4;
export const AH_SEQ: i32 = 8;
export const AH_ICV: i32 = 12;
export const AH_ICV_LEN: i32 = 12; // 96 bits
export const AH_LEN: i32 = AH_ICV + AH_ICV_LEN; // 24 octets
export const AH_PAYLOAD_LEN_VALUE: i32 = (AH_LEN >> 2) - 2; // 4

// Status codes beyond the packet core's (status.ts ends at 19): 40.. are auth's own.
export const ST_BAD_ICV: i32 = 40; // the ICV does not match: forged or altered
export const ST_KEY_TOO_LONG: i32 = 41; // key longer than AUTH_KEY_MAX
export const ST_NOT_AH: i32 = 42; // no AH where the caller said it is

const SHA_BLOCK: i32 = 64;
const SHA_LEN: i32 = 32;
export const AUTH_KEY_MAX: i32 = 256;

// Memory map of this file: the key JS writes, the 32-octet output (digest, or ICV in its first
// 12 octets), and the SHA-256 working state.
export const AUTH_KEY: usize = memory.data(AUTH_KEY_MAX, 16);
export const AUTH_OUT: usize = memory.data(SHA_LEN, 16);
const H: usize = memory.data(SHA_LEN, 16); // chaining state, 8 × u32
const W: usize = memory.data(256, 16); // message schedule, 64 × u32
const BUF: usize = memory.data(SHA_BLOCK, 16); // partial block
const KPAD: usize = memory.data(SHA_BLOCK, 16); // key block (K0 of FIPS 198)
const INNER: usize = memory.data(SHA_LEN, 16); // inner hash of HMAC
let bufLen: i32 = 0;
let total: u64 = 0;

// FIPS 180-4 §4.2.2 constants.
const K: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

// ---------------------------------------------------------------- SHA-256 (FIPS 180-4)

function shaInit(): void {
  store<u32>(H, 0x6a09e667, 0);
  store<u32>(H, 0xbb67ae85, 4);
  store<u32>(H, 0x3c6ef372, 8);
  store<u32>(H, 0xa54ff53a, 12);
  store<u32>(H, 0x510e527f, 16);
  store<u32>(H, 0x9b05688c, 20);
  store<u32>(H, 0x1f83d9ab, 24);
  store<u32>(H, 0x5be0cd19, 28);
  bufLen = 0;
  total = 0;
}

// One 64-octet block at `p`.
function shaBlock(p: usize): void {
  for (let t = 0; t < 16; t++) store<u32>(W + ((<usize>t) << 2), bswap<u32>(load<u32>(p + ((<usize>t) << 2))));
  for (let t = 16; t < 64; t++) {
    const w15 = load<u32>(W + ((<usize>(t - 15)) << 2));
    const w2 = load<u32>(W + ((<usize>(t - 2)) << 2));
    const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
    store<u32>(
      W + ((<usize>t) << 2),
      load<u32>(W + ((<usize>(t - 16)) << 2)) + s0 + load<u32>(W + ((<usize>(t - 7)) << 2)) + s1,
    );
  }
  let a = load<u32>(H, 0);
  let b = load<u32>(H, 4);
  let c = load<u32>(H, 8);
  let d = load<u32>(H, 12);
  let e = load<u32>(H, 16);
  let f = load<u32>(H, 20);
  let g = load<u32>(H, 24);
  let h = load<u32>(H, 28);
  for (let t = 0; t < 64; t++) {
    const S1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25);
    const ch = (e & f) ^ (~e & g);
    const t1 = h + S1 + ch + load<u32>(K + ((<usize>t) << 2)) + load<u32>(W + ((<usize>t) << 2));
    const S0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22);
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = S0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  store<u32>(H, load<u32>(H, 0) + a, 0);
  store<u32>(H, load<u32>(H, 4) + b, 4);
  store<u32>(H, load<u32>(H, 8) + c, 8);
  store<u32>(H, load<u32>(H, 12) + d, 12);
  store<u32>(H, load<u32>(H, 16) + e, 16);
  store<u32>(H, load<u32>(H, 20) + f, 20);
  store<u32>(H, load<u32>(H, 24) + g, 24);
  store<u32>(H, load<u32>(H, 28) + h, 28);
}

function shaUpdate(p: usize, len: i32): void {
  total += <u64>len;
  let i: i32 = 0;
  if (bufLen > 0) {
    const n = min<i32>(len, SHA_BLOCK - bufLen);
    memory.copy(BUF + <usize>bufLen, p, n);
    bufLen += n;
    i = n;
    if (bufLen < SHA_BLOCK) return;
    shaBlock(BUF);
    bufLen = 0;
  }
  while (i + SHA_BLOCK <= len) {
    shaBlock(p + <usize>i);
    i += SHA_BLOCK;
  }
  if (i < len) {
    memory.copy(BUF, p + <usize>i, len - i);
    bufLen = len - i;
  }
}

// `n` zero octets (the zeroed fields of the ICV coverage).
function shaZeros(n: i32): void {
  total += <u64>n;
  while (n > 0) {
    const k = min<i32>(n, SHA_BLOCK - bufLen);
    memory.fill(BUF + <usize>bufLen, 0, k);
    bufLen += k;
    n -= k;
    if (bufLen == SHA_BLOCK) {
      shaBlock(BUF);
      bufLen = 0;
    }
  }
}

function shaByte(v: u8): void {
  total += 1;
  store<u8>(BUF + <usize>bufLen, v);
  bufLen++;
  if (bufLen == SHA_BLOCK) {
    shaBlock(BUF);
    bufLen = 0;
  }
}

// Padding (FIPS 180-4 §5.1.1) and the digest, big-endian, at `out`.
function shaFinal(out: usize): void {
  const bits = total << 3;
  store<u8>(BUF + <usize>bufLen, 0x80);
  bufLen++;
  if (bufLen > 56) {
    memory.fill(BUF + <usize>bufLen, 0, SHA_BLOCK - bufLen);
    shaBlock(BUF);
    bufLen = 0;
  }
  memory.fill(BUF + <usize>bufLen, 0, 56 - bufLen);
  store<u64>(BUF + 56, bswap<u64>(bits));
  shaBlock(BUF);
  for (let i = 0; i < 8; i++) store<u32>(out + ((<usize>i) << 2), bswap<u32>(load<u32>(H + ((<usize>i) << 2))));
}

// ---------------------------------------------------------------- HMAC (RFC 2104, FIPS 198)

// K0: the key hashed when longer than a block, then zero-padded to the block (RFC 2104 §2).
function hmacKey(keyLen: i32): void {
  memory.fill(KPAD, 0, SHA_BLOCK);
  if (keyLen > SHA_BLOCK) {
    shaInit();
    shaUpdate(AUTH_KEY, keyLen);
    shaFinal(KPAD);
  } else memory.copy(KPAD, AUTH_KEY, keyLen);
}

function hmacBegin(): void {
  for (let i = 0; i < SHA_BLOCK; i++) store<u8>(KPAD + <usize>i, load<u8>(KPAD + <usize>i) ^ 0x36);
  shaInit();
  shaUpdate(KPAD, SHA_BLOCK);
  for (let i = 0; i < SHA_BLOCK; i++) store<u8>(KPAD + <usize>i, load<u8>(KPAD + <usize>i) ^ 0x36); // back to K0
}

function hmacEnd(out: usize): void {
  shaFinal(INNER);
  for (let i = 0; i < SHA_BLOCK; i++) store<u8>(KPAD + <usize>i, load<u8>(KPAD + <usize>i) ^ 0x5c);
  shaInit();
  shaUpdate(KPAD, SHA_BLOCK);
  shaUpdate(INNER, SHA_LEN);
  shaFinal(out);
}

/** SHA-256 of `len` octets of PKT_IN into AUTH_OUT. Returns a status. */
export function sha256(len: i32): i32 {
  if (len < 0 || len > 65536) return ST_BAD_LENGTH;
  shaInit();
  shaUpdate(PKT_IN, len);
  shaFinal(AUTH_OUT);
  return ST_OK;
}

/** HMAC-SHA-256 with the `keyLen`-octet key at AUTH_KEY over `len` octets of PKT_IN, into AUTH_OUT (32 octets). */
export function hmacSha256(keyLen: i32, len: i32): i32 {
  if (keyLen < 0 || keyLen > AUTH_KEY_MAX) return ST_KEY_TOO_LONG;
  if (len < 0 || len > 65536) return ST_BAD_LENGTH;
  hmacKey(keyLen);
  hmacBegin();
  shaUpdate(PKT_IN, len);
  hmacEnd(AUTH_OUT);
  return ST_OK;
}

// ---------------------------------------------------------------- the AH's ICV

// Feeds the ICV coverage of the `len`-octet packet at `p` whose AH starts at `ah`.
function feedCoverage(p: usize, len: i32, ah: i32): i32 {
  // IPv6 header: version kept, traffic class and flow label zero; payload length and next
  // header kept; hop limit zero; addresses kept (RFC 2402 §3.3.3.1.2).
  shaByte(load<u8>(p) & 0xf0);
  shaZeros(3);
  shaUpdate(p + 4, 3);
  shaZeros(1);
  shaUpdate(p + <usize>(IP6_HOP_LIMIT + 1), ah - (IP6_HOP_LIMIT + 1));
  // The AH with its Authentication Data as zero.
  shaUpdate(p + <usize>ah, AH_ICV);
  shaZeros(AH_ICV_LEN);
  let at = ah + AH_LEN;
  // A Destination Options header right after the AH: mutable options count as zeros.
  if (load<u8>(p + <usize>ah + AH_NEXT_HEADER) == NH_DSTOPTS && at + 2 <= len) {
    const hlen = (<i32>load<u8>(p + <usize>at + 1) + 1) << 3;
    if (at + hlen > len) return ST_TRUNCATED;
    shaUpdate(p + <usize>at, 2);
    let o = at + 2;
    const end = at + hlen;
    while (o < end) {
      const t = load<u8>(p + <usize>o);
      if (t == 0) {
        shaByte(0); // Pad1
        o++;
        continue;
      }
      if (o + 2 > end) return ST_BAD_LENGTH;
      const olen = <i32>load<u8>(p + <usize>o + 1);
      if (o + 2 + olen > end) return ST_BAD_LENGTH;
      shaUpdate(p + <usize>o, 2);
      if (t & 0x20) shaZeros(olen);
      else shaUpdate(p + <usize>o + 2, olen);
      o += 2 + olen;
    }
    at = end;
  }
  shaUpdate(p + <usize>at, len - at);
  return ST_OK;
}

// Checks that an AH with a 96-bit ICV sits at `ah` in the `len`-octet packet in PKT_IN.
function checkAh(len: i32, ah: i32): i32 {
  if (len < IP6_HEADER_LEN || ah < IP6_HEADER_LEN || ah + AH_LEN > len) return ST_TRUNCATED;
  if (<i32>load<u8>(PKT_IN + <usize>ah + AH_PAYLOAD_LEN) != AH_PAYLOAD_LEN_VALUE) return ST_BAD_LENGTH;
  return ST_OK;
}

// The HMAC over the ICV coverage of the packet in PKT_IN (`len` octets, AH at `ah`) under the
// `keyLen`-octet key at AUTH_KEY, into AUTH_OUT. Returns a status.
function icv(len: i32, ah: i32, keyLen: i32): i32 {
  if (keyLen < 0 || keyLen > AUTH_KEY_MAX) return ST_KEY_TOO_LONG;
  const st = checkAh(len, ah);
  if (st != ST_OK) return st;
  hmacKey(keyLen);
  hmacBegin();
  const c = feedCoverage(PKT_IN, len, ah);
  if (c != ST_OK) return c;
  hmacEnd(AUTH_OUT);
  return ST_OK;
}

/**
 * Computes the ICV of the packet in PKT_IN (`len` octets, AH at offset `ah`) with the key at
 * AUTH_KEY and writes it into the AH's Authentication Data (and AUTH_OUT). Returns a status.
 */
export function ahSign(len: i32, ah: i32, keyLen: i32): i32 {
  const st = icv(len, ah, keyLen);
  if (st != ST_OK) return st;
  memory.copy(PKT_IN + <usize>ah + AH_ICV, AUTH_OUT, AH_ICV_LEN);
  return ST_OK;
}

/**
 * Verifies the ICV of the packet in PKT_IN (AH at `ah`) against the key at AUTH_KEY: Ok, or
 * ST_BAD_ICV when it does not match (compared in constant time), or a framing status.
 */
export function ahVerify(len: i32, ah: i32, keyLen: i32): i32 {
  const st = icv(len, ah, keyLen);
  if (st != ST_OK) return st;
  let diff: u32 = 0;
  for (let i = 0; i < AH_ICV_LEN; i++)
    diff |= <u32>(load<u8>(PKT_IN + <usize>(ah + AH_ICV + i)) ^ load<u8>(AUTH_OUT + <usize>i));
  return diff == 0 ? ST_OK : ST_BAD_ICV;
}

// ---------------------------------------------------------------- the AH, built and checked here

// The AH's SPI and Sequence Number as the last `ahOpen` read them (for the caller's SA lookup and
// anti-replay window, RFC 2402 §3.4.2–§3.4.3, which is per-SA state kept outside the core).
let lastSpi: u32 = 0;
let lastSeq: u32 = 0;

/**
 * Inserts an AH right after the IPv6 header of the `len`-octet packet in PKT_IN, in place: the
 * payload moves 24 octets on, the IPv6 Payload Length grows by 24, the IPv6 Next Header becomes 51
 * and the AH's Next Header takes the old one (RFC 2402 §2, §3.1 transport mode); then the ICV is
 * computed under the key at AUTH_KEY (§3.3.3). Returns the new length, or a negative status.
 */
export function ahInsert(len: i32, spi: u32, seq: u32, keyLen: i32): i32 {
  if (keyLen < 0 || keyLen > AUTH_KEY_MAX) return -ST_KEY_TOO_LONG;
  if (len < IP6_HEADER_LEN) return -ST_TRUNCATED;
  if (len + AH_LEN > PKT_SIZE) return -ST_NO_SPACE;
  const payloadLen = ((<i32>load<u8>(PKT_IN + 4)) << 8) | (<i32>load<u8>(PKT_IN + 5));
  if (IP6_HEADER_LEN + payloadLen != len) return -ST_BAD_LENGTH;
  const ah = PKT_IN + <usize>IP6_HEADER_LEN;
  memory.copy(ah + <usize>AH_LEN, ah, <usize>(len - IP6_HEADER_LEN));
  const grown = payloadLen + AH_LEN;
  store<u8>(PKT_IN + 4, <u8>(grown >> 8));
  store<u8>(PKT_IN + 5, <u8>grown);
  store<u8>(ah + AH_NEXT_HEADER, load<u8>(PKT_IN + 6));
  store<u8>(PKT_IN + 6, NH_AH);
  store<u8>(ah + AH_PAYLOAD_LEN, <u8>AH_PAYLOAD_LEN_VALUE);
  store<u16>(ah + AH_RESERVED, 0);
  store<u32>(ah + AH_SPI, bswap<u32>(spi));
  store<u32>(ah + AH_SEQ, bswap<u32>(seq));
  const st = ahSign(len + AH_LEN, IP6_HEADER_LEN, keyLen);
  return st == ST_OK ? len + AH_LEN : -st;
}

/**
 * Reads the AH of the `len`-octet packet in PKT_IN (right after its IPv6 header) and checks its
 * framing: IPv6 Next Header 51, Payload Length matching the bytes, AH Payload Len 4. On Ok its
 * SPI and Sequence Number are readable with `ahSpi` / `ahSeq`. Returns a status (ST_NOT_AH when
 * the packet has no AH there).
 */
export function ahOpen(len: i32): i32 {
  if (len < IP6_HEADER_LEN) return ST_TRUNCATED;
  if (load<u8>(PKT_IN + 6) != NH_AH) return ST_NOT_AH;
  if (len < IP6_HEADER_LEN + AH_LEN) return ST_TRUNCATED;
  if (len > PKT_SIZE) return ST_BAD_LENGTH;
  const payloadLen = ((<i32>load<u8>(PKT_IN + 4)) << 8) | (<i32>load<u8>(PKT_IN + 5));
  if (IP6_HEADER_LEN + payloadLen != len) return ST_BAD_LENGTH;
  const st = checkAh(len, IP6_HEADER_LEN);
  if (st != ST_OK) return st;
  const ah = PKT_IN + <usize>IP6_HEADER_LEN;
  lastSpi = bswap<u32>(load<u32>(ah + AH_SPI));
  lastSeq = bswap<u32>(load<u32>(ah + AH_SEQ));
  return ST_OK;
}
export function ahSpi(): u32 {
  return lastSpi;
}
export function ahSeq(): u32 {
  return lastSeq;
}

/**
 * Verifies the ICV of the packet in PKT_IN (as `ahOpen` accepted it) under the key at AUTH_KEY
 * and, if it matches, removes the AH in place: the IPv6 header takes back the AH's Next Header
 * and a Payload Length 24 octets shorter (RFC 2402 §3.4). Returns the new length, or a negative
 * status (-ST_BAD_ICV for a forged or altered packet; the bytes are then left as they were).
 */
export function ahStrip(len: i32, keyLen: i32): i32 {
  const open = ahOpen(len);
  if (open != ST_OK) return -open;
  const st = ahVerify(len, IP6_HEADER_LEN, keyLen);
  if (st != ST_OK) return -st;
  const ah = PKT_IN + <usize>IP6_HEADER_LEN;
  store<u8>(PKT_IN + 6, load<u8>(ah + AH_NEXT_HEADER));
  const shrunk = len - AH_LEN - IP6_HEADER_LEN;
  store<u8>(PKT_IN + 4, <u8>(shrunk >> 8));
  store<u8>(PKT_IN + 5, <u8>shrunk);
  memory.copy(ah, ah + <usize>AH_LEN, <usize>(len - IP6_HEADER_LEN - AH_LEN));
  return len - AH_LEN;
}

export function authKey(): usize {
  return AUTH_KEY;
}
export function authOut(): usize {
  return AUTH_OUT;
}
export function authKeyMax(): i32 {
  return AUTH_KEY_MAX;
}
