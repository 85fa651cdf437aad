// One valid example of every message the core handles, with addresses of a small two-AR
// topology. Used by the tests (tshark, Lua dissector, fuzz seeds), the benchmarks, and handy for
// anyone who needs a well-formed packet of a given kind.
import { DATA_PORT, type Message } from './types.ts';

export const OAR = '2001:db8:1::1';
export const NAR = '2001:db8:2::1';
export const AAR = '2001:db8:3::1';
export const OCOA = '2001:db8:1::a';
export const NCOA = '2001:db8:2::a';
export const HOA = '2001:db8:100::a';
export const CN = '2001:db8:9::9';
export const MN_LL = 'fe80::a';
export const OAR_LL = 'fe80::1';
export const MN_MAC = '02:00:00:00:00:0a';
export const OAR_MAC = '02:00:00:00:01:01';
export const NAR_MAC = '02:00:00:00:02:01';
export const AAR_MAC = '02:00:00:00:03:01';
export const NAP_MAC = '02:00:00:00:02:ff';

export const SAMPLES: Record<string, Message> = {
  RtSolPr: {
    kind: 'RtSolPr',
    src: OCOA,
    dst: OAR,
    hopLimit: 255,
    identifier: 1,
    options: [
      { type: 'SLLA', lla: MN_MAC },
      { type: 'LLA', subType: 1, lla: NAP_MAC },
      { type: 'HoCaps', code: 0 },
    ],
  },
  PrRtAdv: {
    kind: 'PrRtAdv',
    code: 0,
    src: OAR_LL,
    dst: OCOA,
    hopLimit: 255,
    identifier: 1,
    options: [
      { type: 'SLLA', lla: OAR_MAC },
      { type: 'LLA', subType: 3, lla: NAR_MAC },
      { type: 'HoCaps', code: 0 },
      {
        type: 'PrefixInfo',
        prefixLength: 64,
        L: true,
        A: true,
        validLifetime: 2592000,
        preferredLifetime: 604800,
        prefix: '2001:db8:2::',
      },
      { type: 'IPAddress', subType: 2, prefixLength: 64, address: NCOA },
    ],
  },
  'F-NA': {
    kind: 'F-NA',
    src: OCOA,
    dst: 'ff02::1',
    hopLimit: 255,
    flags: { R: false, S: false, O: true },
    newCoA: NCOA,
    oldCoA: OCOA,
    options: [{ type: 'TLLA', lla: MN_MAC }],
  },
  HI: {
    kind: 'HI',
    src: OAR,
    dst: NAR,
    hopLimit: 255,
    identifier: 7,
    flags: { S: false, U: true, H: false, T: false, R: false },
    options: [
      { type: 'LLA', subType: 2, lla: MN_MAC },
      { type: 'IPAddress', subType: 1, prefixLength: 64, address: OCOA },
      { type: 'IPAddress', subType: 2, prefixLength: 64, address: NCOA },
    ],
  },
  HACK: {
    kind: 'HACK',
    code: 0,
    src: NAR,
    dst: OAR,
    hopLimit: 255,
    identifier: 7,
    flags: { H: false, T: false, R: false },
    options: [{ type: 'IPAddress', subType: 2, prefixLength: 64, address: NCOA }],
  },
  'HI-H': {
    kind: 'HI',
    src: NAR,
    dst: OAR,
    hopLimit: 255,
    identifier: 8,
    flags: { S: false, U: false, H: true, T: false, R: false },
    // §3.3 step 2a: the MN's LLA, home address (our sub-type 4), oCoA, Lifetime.
    options: [
      { type: 'LLA', subType: 2, lla: MN_MAC },
      { type: 'IPAddress', subType: 4, prefixLength: 64, address: HOA },
      { type: 'IPAddress', subType: 1, prefixLength: 64, address: OCOA },
      { type: 'Lifetime', lifetime: 5 },
    ],
  },
  'HACK-T': {
    kind: 'HACK',
    code: 0,
    src: OAR,
    dst: NAR,
    hopLimit: 255,
    identifier: 11,
    flags: { H: false, T: true, R: false },
    // §3.3 step 3a: Lifetime, the MN's home address (sub-type 4), oCoA.
    options: [
      { type: 'Lifetime', lifetime: 5 },
      { type: 'IPAddress', subType: 4, prefixLength: 64, address: HOA },
      { type: 'IPAddress', subType: 1, prefixLength: 64, address: OCOA },
    ],
  },
  'HACK-R': {
    kind: 'HACK',
    code: 0,
    src: OAR,
    dst: NAR,
    hopLimit: 255,
    identifier: 9,
    flags: { H: false, T: false, R: true },
    options: [
      { type: 'Lifetime', lifetime: 10 },
      { type: 'IPAddress', subType: 1, prefixLength: 64, address: OCOA },
    ],
  },
  'HTT-HI': {
    kind: 'HI',
    src: NAR,
    dst: OAR,
    hopLimit: 255,
    identifier: 10,
    flags: { S: false, U: false, H: true, T: true, R: false },
    options: [
      { type: 'IPAddress', subType: 3, prefixLength: 64, address: AAR },
      { type: 'LLA', subType: 2, lla: MN_MAC },
      { type: 'LLA', subType: 3, lla: AAR_MAC },
      { type: 'Lifetime', lifetime: 5 },
    ],
  },
  'HTT-HACK': {
    kind: 'HACK',
    code: 0,
    src: OAR,
    dst: NAR,
    hopLimit: 255,
    identifier: 10,
    flags: { H: true, T: true, R: false },
    options: [
      { type: 'IPAddress', subType: 3, prefixLength: 64, address: AAR },
      { type: 'LLA', subType: 2, lla: MN_MAC },
      { type: 'LLA', subType: 3, lla: AAR_MAC },
      { type: 'Lifetime', lifetime: 5 },
    ],
  },
  RS: { kind: 'RS', src: NCOA, dst: 'ff02::2', hopLimit: 255, options: [{ type: 'SLLA', lla: MN_MAC }] },
  RA: {
    kind: 'RA',
    src: 'fe80::2',
    dst: NCOA,
    hopLimit: 255,
    curHopLimit: 64,
    flags: { M: false, O: false },
    routerLifetime: 1800,
    reachableTime: 0,
    retransTimer: 0,
    options: [
      { type: 'SLLA', lla: NAR_MAC },
      {
        type: 'PrefixInfo',
        prefixLength: 64,
        L: true,
        A: true,
        validLifetime: 2592000,
        preferredLifetime: 604800,
        prefix: '2001:db8:2::',
      },
      { type: 'NAACK', status: 0 },
    ],
  },
  NS: { kind: 'NS', src: '::', dst: 'ff02::1:ff00:a', hopLimit: 255, target: NCOA, options: [] },
  NA: {
    kind: 'NA',
    src: NCOA,
    dst: 'ff02::1',
    hopLimit: 255,
    flags: { R: false, S: false, O: true },
    target: NCOA,
    options: [{ type: 'TLLA', lla: MN_MAC }],
  },
  'F-BU': {
    kind: 'F-BU',
    src: OCOA,
    dst: OAR,
    hopLimit: 64,
    homeAddress: OCOA,
    ack: true,
    prefixLength: 0,
    sequence: 100,
    lifetime: 10,
    uniqueId: 1,
    altCoA: NCOA,
  },
  'F-BACK': { kind: 'F-BACK', src: OAR, dst: NCOA, hopLimit: 64, status: 0, sequence: 100, lifetime: 10 },
  BU: {
    kind: 'BU',
    src: NCOA,
    dst: '2001:db8:100::1',
    hopLimit: 64,
    homeAddress: HOA,
    flags: { A: true, H: true, R: false, D: false },
    prefixLength: 64,
    sequence: 3,
    lifetime: 600,
  },
  BACK: {
    kind: 'BACK',
    src: '2001:db8:100::1',
    dst: NCOA,
    hopLimit: 64,
    status: 0,
    sequence: 3,
    lifetime: 600,
    refresh: 300,
  },
  DATA: {
    kind: 'DATA',
    src: CN,
    dst: OCOA,
    hopLimit: 64,
    srcPort: DATA_PORT + 1,
    dstPort: DATA_PORT + 1,
    seq: 1,
    payloadLength: 64,
  },
  TUNNEL: {
    kind: 'TUNNEL',
    src: OAR,
    dst: NAR,
    hopLimit: 64,
    inner: {
      kind: 'DATA',
      src: CN,
      dst: OCOA,
      hopLimit: 62,
      srcPort: DATA_PORT + 1,
      dstPort: DATA_PORT + 1,
      seq: 2,
      payloadLength: 64,
    },
  },
};
