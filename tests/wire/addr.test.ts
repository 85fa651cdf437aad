// Address text: IPv6 parsing and canonical formatting (RFC 5952), link-layer addresses.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseIPv6, formatIPv6, canonicalIPv6, parseLla, formatLla } from '../../core/wire/addr.ts';

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

describe('link-layer addresses', () => {
  it('six octets, lower-case hex pairs', () => {
    expect(formatLla(parseLla('02:00:AB:cd:00:0a'))).toBe('02:00:ab:cd:00:0a');
    expect(() => parseLla('02:00:00:00:00')).toThrow();
    expect(() => parseLla('02:00:00:00:00:0g')).toThrow();
  });
});
