// IPv6 and link-layer address text <-> bytes: the one IPv6 text module (the codec, the data plane,
// the scenario validator, the roles and the engine all use it). Text output is canonical (RFC 5952:
// lower case, longest run of two or more zero groups as '::', the first such run on a tie), so
// values compare as strings.

/** Parses IPv6 text (full or '::'-compressed; no dotted IPv4 tail) into 16 octets; throws if it is not. */
export function parseIPv6(text: string, out: Uint8Array = new Uint8Array(16), at = 0): Uint8Array {
  if (!scanIPv6(text, out, at)) badAddress(text);
  return out;
}

/**
 * Writes the 16 octets of IPv6 text at `at`, or returns false (and writes nothing) when the text
 * is not an IPv6 address. A hand-written scanner (no regex, no split): the codec calls it for
 * every address.
 */
function scanIPv6(text: string, out: Uint8Array, at: number): boolean {
  const groups = SCRATCH;
  let n = 0; // groups before '::' (or all, without one)
  let gap = -1; // index in `groups` where '::' stands
  let v = 0;
  let digits = 0;
  const len = text.length;
  for (let i = 0; i <= len; i++) {
    const c = i < len ? text.charCodeAt(i) : 58; // a final ':' closes the last group
    if (c === 58) {
      if (digits === 0) {
        // An empty group is allowed only as part of one '::': at the start ('::…'), in the
        // middle, or at the end ('…::', the virtual closing ':' right after it).
        if (i === len) {
          if (len >= 2 && text.charCodeAt(len - 1) === 58 && text.charCodeAt(len - 2) === 58) break;
          return false;
        }
        if (i === 0 && text.charCodeAt(1) === 58) continue;
        if (i > 0 && text.charCodeAt(i - 1) === 58 && gap < 0) {
          gap = n;
          continue;
        }
        return false;
      }
      if (n === 8) return false;
      groups[n++] = v;
      v = 0;
      digits = 0;
      continue;
    }
    const h = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (h < 0 || digits === 4) return false;
    v = (v << 4) | h;
    digits++;
  }
  if (gap < 0 ? n !== 8 : n > 7) return false;
  const zeros = gap < 0 ? 0 : 8 - n;
  let g = 0;
  for (let i = 0; i < 8; i++) {
    let x: number;
    if (gap >= 0 && i >= gap && i < gap + zeros) x = 0;
    else x = groups[g++] ?? 0;
    out[at + 2 * i] = x >> 8;
    out[at + 2 * i + 1] = x & 0xff;
  }
  return true;
}
const SCRATCH: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
function badAddress(text: string): never {
  throw new Error(`not an IPv6 address: '${text}'`);
}

const HEX4: string[] = [];
for (let i = 0; i < 256; i++) HEX4.push(i.toString(16));

/** Canonical text of the 16 octets at `at` (RFC 5952). */
export function formatIPv6(b: Uint8Array, at = 0): string {
  // longest run (>= 2) of zero groups, the first on a tie
  let bestStart = -1;
  let bestLen = 1;
  let runStart = -1;
  for (let i = 0; i <= 8; i++) {
    const zero = i < 8 && (b[at + 2 * i] ?? 0) === 0 && (b[at + 2 * i + 1] ?? 0) === 0;
    if (zero) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      if (i - runStart > bestLen) {
        bestStart = runStart;
        bestLen = i - runStart;
      }
      runStart = -1;
    }
  }
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      s += i === 0 ? '::' : ':';
      i += bestLen - 1;
      continue;
    }
    const hi = b[at + 2 * i] ?? 0;
    const lo = b[at + 2 * i + 1] ?? 0;
    s += (hi ? HEX4[hi] + (lo < 16 ? '0' : '') + HEX4[lo] : HEX4[lo]) + (i < 7 ? ':' : '');
  }
  return s;
}

/** Canonical form of IPv6 text, or null when it is not IPv6 text (the scenario validator's check). */
export function canonIPv6(text: string): string | null {
  return scanIPv6(text, A, 0) ? formatIPv6(A) : null;
}

/** Canonical form of IPv6 text; throws when it is not. */
export function canonicalIPv6(text: string): string {
  return formatIPv6(parseIPv6(text, A));
}

// Scratch for the text-to-text functions (one address at a time; nothing here is reentrant).
const A = new Uint8Array(16);
const B = new Uint8Array(16);

/**
 * An address from a /64 prefix and an interface identifier (§3.1.3: the nCoA is the nAR's prefix
 * with the MN's interface ID): "2001:db8:1::/64" (or any address in it) + "::10" (or any address
 * with that interface ID: its low 64 bits are taken) → "2001:db8:1::10". Throws when either is
 * not IPv6 text.
 */
export function joinPrefixIid(prefix: string, iid: string): string {
  const slash = prefix.indexOf('/');
  parseIPv6(slash < 0 ? prefix : prefix.slice(0, slash), A);
  parseIPv6(iid, B);
  A.set(B.subarray(8), 8);
  return formatIPv6(A);
}

/** The interface identifier of an address (its low 64 bits) as "::a:b:c:d" text, or undefined if it is not IPv6 text. */
export function iidOf(addr: string): string | undefined {
  if (!scanIPv6(addr, A, 0)) return undefined;
  A.fill(0, 0, 8);
  return formatIPv6(A);
}

const p64 = new Map<string, string>();
/**
 * The /64 prefix of an address, as "a:b:c:d" key text ('' when it is not IPv6 text); memoised,
 * it is on the per-packet path.
 */
export function prefix64(addr: string): string {
  let k = p64.get(addr);
  if (k !== undefined) return k;
  k = '';
  if (scanIPv6(addr, A, 0))
    for (let i = 0; i < 4; i++) k += (i ? ':' : '') + ((A[2 * i]! << 8) | A[2 * i + 1]!).toString(16);
  if (p64.size > 100_000) p64.clear();
  p64.set(addr, k);
  return k;
}

/**
 * The solicited-node multicast address of an address (RFC 4291 §2.7.1: ff02::1:ff00:0/104 and its
 * low 24 bits), where a DAD probe goes (RFC 2462 §5.4.2).
 */
export function solicitedNode(addr: string): string {
  parseIPv6(addr, B);
  parseIPv6('ff02::1:ff00:0', A);
  A.set(B.subarray(13), 13);
  return formatIPv6(A);
}

/** 'aa:bb:cc:dd:ee:ff' -> 6 octets. */
export function parseLla(text: string, out: Uint8Array = new Uint8Array(6), at = 0): Uint8Array {
  const parts = text.split(':');
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) {
    throw new Error(`not a 6-octet link-layer address: '${text}'`);
  }
  parts.forEach((p, i) => (out[at + i] = parseInt(p, 16)));
  return out;
}

export function formatLla(b: Uint8Array, at = 0): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push((b[at + i] ?? 0).toString(16).padStart(2, '0'));
  return parts.join(':');
}
