// fast-check generators of valid messages of every kind (the draft's rules: mandated options in
// their order, flag combinations, codes, hop limit 255 for ND). Shared by the property tests,
// the fuzz test and scripts/fuzz.ts.
import fc from 'fast-check';
import type { Message, NdOption, HiFlags } from '../../core/wire/types.ts';
import { formatIPv6, formatLla } from '../../core/wire/addr.ts';

export const addr = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => formatIPv6(b));
export const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => formatLla(b));
const u8 = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const plen = fc.integer({ min: 0, max: 128 });

const slla = mac.map((lla): NdOption => ({ type: 'SLLA', lla }));
const tlla = mac.map((lla): NdOption => ({ type: 'TLLA', lla }));
const lla = (subType: number): fc.Arbitrary<NdOption> => mac.map((l) => ({ type: 'LLA', subType, lla: l }));
const ipaddr = (subType: number): fc.Arbitrary<NdOption> =>
  fc
    .record({ p: plen, address: addr })
    .map(({ p, address }) => ({ type: 'IPAddress', subType, prefixLength: p, address }));
const lifetime = u32.map((l): NdOption => ({ type: 'Lifetime', lifetime: l }));
const naack = u8.map((s): NdOption => ({ type: 'NAACK', status: s }));
const hocaps = u8.map((c): NdOption => ({ type: 'HoCaps', code: c }));
const prefixInfo = fc
  .record({
    prefixLength: plen,
    L: fc.boolean(),
    A: fc.boolean(),
    validLifetime: u32,
    preferredLifetime: u32,
    prefix: addr,
  })
  .map((r): NdOption => ({ type: 'PrefixInfo', ...r }));

const ip = (nd: boolean) => fc.record({ src: addr, dst: addr, hopLimit: nd ? fc.constant(255) : u8 });

/** Options in rank order: each rank present if required, else by a coin toss. */
function ranked(list: fc.Arbitrary<NdOption>[], need: number): fc.Arbitrary<NdOption[]> {
  return fc
    .tuple(
      ...list.map((arb, i) =>
        (need >> i) & 1 ? arb.map((o) => [o]) : fc.option(arb, { nil: undefined }).map((o) => (o ? [o] : [])),
      ),
    )
    .map((parts) => parts.flat());
}

const hiFlags: fc.Arbitrary<HiFlags> = fc.oneof(
  fc.record({ S: fc.boolean(), U: fc.boolean(), H: fc.constant(false), T: fc.constant(false), R: fc.constant(false) }),
  fc.constantFrom<HiFlags>(
    { S: false, U: false, H: true, T: false, R: false },
    { S: false, U: false, H: false, T: true, R: false },
    { S: false, U: false, H: false, T: false, R: true },
    { S: false, U: false, H: true, T: true, R: false },
  ),
);
const hackFlags = fc.constantFrom(
  { H: false, T: false, R: false },
  { H: true, T: false, R: false },
  { H: false, T: true, R: false },
  { H: false, T: false, R: true },
  { H: true, T: true, R: false },
);
const HTT_LIST = [ipaddr(3), lla(2), lla(3), lifetime, ipaddr(1)];

export const arbHI: fc.Arbitrary<Message> = fc.tuple(ip(false), u16, hiFlags).chain(([i, identifier, flags]) => {
  let opts: fc.Arbitrary<NdOption[]>;
  if (flags.H && flags.T) opts = ranked(HTT_LIST, 0b1111);
  else {
    let need = 0;
    if (flags.H || flags.T || flags.R) need |= 0b1001;
    if (flags.H || flags.R) need |= 0b0010;
    // §5.2.1 order; an HI(H) also carries §3.3 step 2a's home address (sub-type 4) before the oCoA.
    opts = flags.H
      ? ranked([lla(2), ipaddr(4), ipaddr(1), ipaddr(2), lifetime], 0b10111)
      : ranked([lla(2), ipaddr(1), ipaddr(2), lifetime], need);
  }
  return opts.map((options): Message => ({ kind: 'HI', ...i, identifier, flags, options }));
});

export const arbHACK: fc.Arbitrary<Message> = fc
  .tuple(ip(false), u16, hackFlags, fc.constantFrom(0, 1, 2, 3, 4, 128, 129, 130) as fc.Arbitrary<0>)
  .chain(([i, identifier, flags, code]) => {
    let opts: fc.Arbitrary<NdOption[]>;
    if (flags.H && flags.T) opts = ranked(HTT_LIST, 0b1111);
    else {
      let need = 0;
      if (flags.H || flags.T || flags.R) need |= 0b010;
      if (flags.T || flags.R) need |= 0b100;
      // §5.2.2 order; a HACK(T) also carries §3.3 step 3a's home address (sub-type 4) before the oCoA.
      opts = flags.T
        ? ranked([ipaddr(2), lifetime, ipaddr(4), ipaddr(1)], 0b1110)
        : ranked([ipaddr(2), lifetime, ipaddr(1)], need);
    }
    return opts.map((options): Message => ({ kind: 'HACK', ...i, code, identifier, flags, options }));
  });

const some = (arbs: fc.Arbitrary<NdOption>[], max = 5) => fc.array(fc.oneof(...arbs), { maxLength: max });

export const arbRtSolPr: fc.Arbitrary<Message> = fc
  .tuple(ip(true), u16, some([slla, hocaps], 3), lla(1), fc.nat(3))
  .map(([i, identifier, rest, ap, at]) => {
    const options = [...rest];
    options.splice(Math.min(at, options.length), 0, ap);
    return { kind: 'RtSolPr', ...i, identifier, options };
  });
export const arbPrRtAdv: fc.Arbitrary<Message> = fc
  .tuple(
    ip(true),
    u16,
    fc.constantFrom(0, 1, 2) as fc.Arbitrary<0>,
    some([slla, lla(3), hocaps, prefixInfo, ipaddr(2)], 6),
  )
  .map(([i, identifier, code, options]) => ({ kind: 'PrRtAdv', ...i, code, identifier, options }));
const naFlags = fc.record({ R: fc.boolean(), S: fc.boolean(), O: fc.boolean() });
export const arbFNA: fc.Arbitrary<Message> = fc
  .tuple(ip(true), naFlags, addr, addr, fc.array(tlla, { minLength: 1, maxLength: 2 }))
  .map(([i, flags, newCoA, oldCoA, options]) => ({ kind: 'F-NA', ...i, flags, newCoA, oldCoA, options }));
export const arbRS: fc.Arbitrary<Message> = fc
  .tuple(ip(true), some([slla, hocaps], 3))
  .map(([i, options]) => ({ kind: 'RS', ...i, options }));
export const arbRA: fc.Arbitrary<Message> = fc
  .tuple(
    ip(true),
    u8,
    fc.record({ M: fc.boolean(), O: fc.boolean() }),
    u16,
    u32,
    u32,
    some([slla, prefixInfo, naack, hocaps], 5),
  )
  .map(([i, curHopLimit, flags, routerLifetime, reachableTime, retransTimer, options]) => ({
    kind: 'RA',
    ...i,
    curHopLimit,
    flags,
    routerLifetime,
    reachableTime,
    retransTimer,
    options,
  }));
export const arbNS: fc.Arbitrary<Message> = fc
  .tuple(ip(true), addr, fc.array(slla, { maxLength: 1 }))
  .map(([i, target, options]) => ({ kind: 'NS', ...i, target, options }));
export const arbNA: fc.Arbitrary<Message> = fc
  .tuple(ip(true), naFlags, addr, fc.array(tlla, { maxLength: 1 }))
  .map(([i, flags, target, options]) => ({ kind: 'NA', ...i, flags, target, options }));

export const arbFBU: fc.Arbitrary<Message> = fc
  .tuple(ip(false), addr, fc.boolean(), plen, u16, u32, fc.option(u16, { nil: undefined }), addr)
  .map(([i, homeAddress, ack, prefixLength, sequence, lifetime, uid, altCoA]) => ({
    kind: 'F-BU',
    ...i,
    homeAddress,
    ack,
    prefixLength,
    sequence,
    lifetime,
    ...(uid === undefined ? {} : { uniqueId: uid }),
    altCoA,
  }));
export const arbBU: fc.Arbitrary<Message> = fc
  .tuple(
    ip(false),
    addr,
    fc.record({ A: fc.boolean(), H: fc.boolean(), R: fc.boolean(), D: fc.boolean() }),
    plen,
    u16,
    u32,
    fc.option(u16, { nil: undefined }),
    fc.option(addr, { nil: undefined }),
  )
  .map(([i, homeAddress, flags, prefixLength, sequence, lifetime, uid, acoa]) => ({
    kind: 'BU',
    ...i,
    homeAddress,
    flags,
    prefixLength,
    sequence,
    lifetime,
    ...(uid === undefined ? {} : { uniqueId: uid }),
    ...(acoa === undefined ? {} : { altCoA: acoa }),
  }));
export const arbFBACK: fc.Arbitrary<Message> = fc
  .tuple(ip(false), u8, u16, u32)
  .map(([i, status, sequence, lifetime]) => ({ kind: 'F-BACK', ...i, status, sequence, lifetime }));
export const arbBACK: fc.Arbitrary<Message> = fc
  .tuple(ip(false), u8, u16, u32, u32)
  .map(([i, status, sequence, lifetime, refresh]) => ({ kind: 'BACK', ...i, status, sequence, lifetime, refresh }));
export const arbDATA: fc.Arbitrary<Message> = fc
  .tuple(ip(false), u16, u16, u32, fc.integer({ min: 4, max: 300 }))
  .map(([i, srcPort, dstPort, seq, payloadLength]) => ({ kind: 'DATA', ...i, srcPort, dstPort, seq, payloadLength }));

export const BY_KIND: Record<string, fc.Arbitrary<Message>> = {
  RtSolPr: arbRtSolPr,
  PrRtAdv: arbPrRtAdv,
  'F-NA': arbFNA,
  HI: arbHI,
  HACK: arbHACK,
  RS: arbRS,
  RA: arbRA,
  NS: arbNS,
  NA: arbNA,
  'F-BU': arbFBU,
  'F-BACK': arbFBACK,
  BU: arbBU,
  BACK: arbBACK,
  DATA: arbDATA,
};
const plain = fc.oneof(...Object.values(BY_KIND));
/** A message of any kind, not tunnelled. */
export const arbPlain: fc.Arbitrary<Message> = plain;
/** A message, or the same inside 1–3 RFC 2473 tunnels. */
export const arbMessage: fc.Arbitrary<Message> = fc.oneof(
  { weight: 4, arbitrary: plain },
  {
    weight: 1,
    arbitrary: fc
      .tuple(plain, fc.array(ip(false), { minLength: 1, maxLength: 3 }))
      .map(([m, outers]) => outers.reduce<Message>((inner, o) => ({ kind: 'TUNNEL', ...o, inner }), m)),
  },
);

/** Random damage to a valid packet: flipped bytes, truncation, extension, length-field edits. */
export const arbMutation = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('flip' as const), at: fc.nat(), v: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('grow' as const), n: fc.integer({ min: 1, max: 16 }) }),
    fc.record({ op: fc.constant('set' as const), at: fc.nat(), v: u8 }),
  ),
  { minLength: 1, maxLength: 4 },
);
export type Mutation = typeof arbMutation extends fc.Arbitrary<infer T> ? T : never;

export function mutate(b: Uint8Array, muts: Mutation): Uint8Array {
  let out = b.slice();
  for (const m of muts) {
    if (out.length === 0) break;
    if (m.op === 'flip') {
      const i = m.at % out.length;
      out[i] = (out[i] ?? 0) ^ m.v;
    } else if (m.op === 'set') {
      out[m.at % out.length] = m.v;
    } else if (m.op === 'cut') out = out.slice(0, m.at % out.length);
    else {
      const g = new Uint8Array(out.length + m.n);
      g.set(out);
      out = g;
    }
  }
  return out;
}
