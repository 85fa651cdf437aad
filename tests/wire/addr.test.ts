// Address text: IPv6 parsing and canonical formatting (RFC 5952), link-layer addresses — the one
// module every part of core/ reads and writes address text with (the codec, the validator, the roles).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  parseIPv6,
  formatIPv6,
  canonIPv6,
  canonicalIPv6,
  iidOf,
  joinPrefixIid,
  parseLla,
  formatLla,
  prefix64,
  solicitedNode,
} from '../../core/wire/addr.ts';

describe('IPv6 text', () => {
  it('formats canonically (RFC 5952 §4): lower case, longest zero run as ::, first on a tie, no :: for one group', () => {
    expect(canonicalIPv6('2001:DB8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIPv6('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(canonicalIPv6('1:0:0:2:0:0:0:3')).toBe('1:0:0:2::3');
    expect(canonicalIPv6('0:0:0:0:0:0:0:0')).toBe('::');
    expect(canonicalIPv6('::1')).toBe('::1');
    expect(canonicalIPv6('fe80:0:0:0:0:0:0:0')).toBe('fe80::');
    expect(canonicalIPv6('ff02::1:ff00:000a')).toBe('ff02::1:ff00:a');
  });
  it('rejects what is not an address', () => {
    for (const bad of [
      '',
      ':',
      ':::',
      '1:::2',
      '1::2::3',
      '12345::',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      'g::',
      ':1',
      '1:',
      '1:2:3:4:5:6:7::8',
      '::1.2.3.4',
    ]) {
      expect(() => parseIPv6(bad), bad).toThrow('not an IPv6 address');
      // The scenario validator's check says no without throwing, and leaves nothing behind.
      expect(canonIPv6(bad), bad).toBeNull();
      expect(iidOf(bad), bad).toBeUndefined();
      expect(prefix64(bad), bad).toBe('');
    }
  });
  it('round-trips any 16 octets through text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (b) => {
        expect(parseIPv6(formatIPv6(b))).toEqual(b);
      }),
      { numRuns: 2000, seed: 1 },
    );
  });
});

describe('addresses built from parts', () => {
  it('§3.1.3: a /64 prefix and an interface ID make the nCoA; the iid of an address is its low 64 bits', () => {
    expect(joinPrefixIid('2001:db8:2::/64', '::10')).toBe('2001:db8:2::10');
    // Any address in the prefix, and any address with the interface ID, will do.
    expect(joinPrefixIid('2001:db8:2::1', '2001:db8:1::a:b')).toBe('2001:db8:2::a:b');
    expect(joinPrefixIid('::/64', '2001:db8:1:0:1::')).toBe('::1:0:0:0');
    expect(iidOf('2001:db8:1::10')).toBe('::10');
    expect(iidOf('2001:db8:1:0:1:2:3:4')).toBe('::1:2:3:4');
    expect(prefix64('2001:db8:1::10')).toBe('2001:db8:1:0');
    expect(() => joinPrefixIid('2001:db8:2::/64', 'x')).toThrow("not an IPv6 address: 'x'");
  });
  it('RFC 4291 §2.7.1: the solicited-node group of an address ends with its low 24 bits', () => {
    expect(solicitedNode('2001:db8:1::10')).toBe('ff02::1:ff00:10');
    expect(solicitedNode('fe80::200:ff:fe12:3456')).toBe('ff02::1:ff12:3456');
    expect(solicitedNode('2001:db8::')).toBe('ff02::1:ff00:0');
  });
  it('any address: canonical text is a fixed point; prefix and iid put it back together', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (b) => {
        const t = formatIPv6(b);
        expect(canonIPv6(t)).toBe(t);
        expect(canonIPv6(t.toUpperCase())).toBe(t);
        expect(joinPrefixIid(t, iidOf(t)!)).toBe(t);
        expect(
          prefix64(t)
            .split(':')
            .map((g) => parseInt(g, 16)),
        ).toEqual([0, 2, 4, 6].map((i) => (b[i]! << 8) | b[i + 1]!));
      }),
      { numRuns: 2000, seed: 2 },
    );
  });
});

describe('link-layer addresses', () => {
  it('six octets, lower-case hex pairs', () => {
    expect(formatLla(parseLla('02:00:AB:cd:00:0a'))).toBe('02:00:ab:cd:00:0a');
    expect(() => parseLla('02:00:00:00:00')).toThrow();
    expect(() => parseLla('02:00:00:00:00:0g')).toThrow();
  });
});
