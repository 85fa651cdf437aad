// The wasm-backed codec: `emit(msg)` builds a whole IPv6 packet in the packet core (checksums
// filled), `parse(bytes)` parses one in the packet core. This file only moves field values
// between a `Message` and the core's descriptor (assembly/desc.ts, mirrored in layout.ts); every
// byte of the wire format is written and checked in wasm. The TypeScript reference decoder
// (reference.ts) is the oracle the tests compare this against, not an implementation of it.
//
//   const codec = await loadCodec();
//   const bytes = codec.emit({ kind: 'HI', src, dst, hopLimit: 255, identifier: 7, flags, options });
//   const r = codec.parse(bytes); // { ok: true, msg } | { ok: false, status: 'BadChecksum', offset }
//   const t = codec.encapsulate('2001:db8:1::1', '2001:db8:2::1', bytes); // RFC 2473
//
// Tunnelled packets are `{ kind: 'TUNNEL', src, dst, hopLimit, inner }` (up to 4 deep), or
// built from bytes with `encapsulate`.
import { loadPacketCore, type PacketCore } from '../wasm.ts';
import type { AuthInfo, Message, NdOption, ParseResult, ParseStatus } from './types.ts';
import { parseIPv6, formatIPv6, parseLla, formatLla } from './addr.ts';
import * as C from './codepoints.ts';
import * as L from './layout.ts';

export interface Codec {
  /** A new array with the whole IPv6 packet. Throws on a message the format cannot carry. */
  emit(msg: Message): Uint8Array;
  parse(bytes: Uint8Array): ParseResult;
  /** RFC 2473: `inner` wrapped in an outer IPv6 header (next header 41). */
  encapsulate(outerSrc: string, outerDst: string, inner: Uint8Array, hopLimit?: number): Uint8Array;
  /** The packet core instance (its memory holds this codec's buffers). */
  readonly core: PacketCore;
}

export class EmitError extends Error {
  constructor(
    readonly kind: string,
    readonly status: ParseStatus,
    detail?: string,
  ) {
    super(`cannot emit ${kind}: ${status}${detail ? ` (${detail})` : ''}`);
  }
}

const KIND_NUM: Record<Exclude<Message['kind'], 'TUNNEL'>, number> = {
  RtSolPr: L.K_RTSOLPR,
  PrRtAdv: L.K_PRRTADV,
  'F-NA': L.K_FNA,
  HI: L.K_HI,
  HACK: L.K_HACK,
  RS: L.K_RS,
  RA: L.K_RA,
  NS: L.K_NS,
  NA: L.K_NA,
  'F-BU': L.K_FBU,
  'F-BACK': L.K_FBACK,
  BU: L.K_BU,
  BACK: L.K_BACK,
  DATA: L.K_DATA,
};

const b = (x: boolean, bit: number): number => (x ? bit : 0);

/** Writes `msg` into the descriptor `m` (a view of PARAMS). Exported for the benchmarks. */
export function writeDescriptor(m: Uint8Array, dv: DataView, msg: Message): void {
  m.fill(0, 0, L.D_OPTS);
  // Tunnel stack, outermost first.
  let depth = 0;
  let cur: Message = msg;
  for (;;) {
    // An AH is only ever added by signing (core/wire/auth.ts addAuth): parse reports one, emit
    // cannot make one without the key.
    if (cur.auth) throw new EmitError(cur.kind, 'BadField', 'auth is parse-only: sign with addAuth');
    if (cur.kind !== 'TUNNEL') break;
    if (depth === L.TUN_MAX) throw new EmitError('TUNNEL', 'TooDeep');
    const t = L.D_TUNNELS + depth * L.TUN_REC;
    parseIPv6(cur.src, m, t);
    parseIPv6(cur.dst, m, t + 16);
    m[t + 32] = cur.hopLimit;
    depth++;
    cur = cur.inner;
  }
  m[L.D_TUN] = depth;
  m[L.D_KIND] = KIND_NUM[cur.kind];
  m[L.D_HOP] = cur.hopLimit;
  parseIPv6(cur.src, m, L.D_SRC);
  parseIPv6(cur.dst, m, L.D_DST);
  let options: NdOption[] = [];
  switch (cur.kind) {
    case 'RtSolPr':
      dv.setUint16(L.D_ID, cur.identifier, true);
      options = cur.options;
      break;
    case 'PrRtAdv':
      m[L.D_CODE] = cur.code;
      dv.setUint16(L.D_ID, cur.identifier, true);
      options = cur.options;
      break;
    case 'F-NA':
      m[L.D_FLAGS] = b(cur.flags.R, C.NA_R) | b(cur.flags.S, C.NA_S) | b(cur.flags.O, C.NA_O);
      parseIPv6(cur.newCoA, m, L.D_ADDR1);
      parseIPv6(cur.oldCoA, m, L.D_ADDR2);
      options = cur.options;
      break;
    case 'HI': {
      const f = cur.flags;
      m[L.D_FLAGS] = b(f.S, C.HI_S) | b(f.U, C.HI_U) | b(f.H, C.HI_H) | b(f.T, C.HI_T) | b(f.R, C.HI_R);
      dv.setUint16(L.D_ID, cur.identifier, true);
      options = cur.options;
      break;
    }
    case 'HACK': {
      const f = cur.flags;
      m[L.D_CODE] = cur.code;
      m[L.D_FLAGS] = b(f.H, C.HACK_H) | b(f.T, C.HACK_T) | b(f.R, C.HACK_R);
      dv.setUint16(L.D_ID, cur.identifier, true);
      options = cur.options;
      break;
    }
    case 'RS':
      options = cur.options;
      break;
    case 'RA':
      m[L.D_U8A] = cur.curHopLimit;
      m[L.D_FLAGS] = b(cur.flags.M, C.RA_M) | b(cur.flags.O, C.RA_O);
      dv.setUint16(L.D_U16A, cur.routerLifetime, true);
      dv.setUint32(L.D_U32A, cur.reachableTime, true);
      dv.setUint32(L.D_U32B, cur.retransTimer, true);
      options = cur.options;
      break;
    case 'NS':
      parseIPv6(cur.target, m, L.D_ADDR1);
      options = cur.options;
      break;
    case 'NA':
      m[L.D_FLAGS] = b(cur.flags.R, C.NA_R) | b(cur.flags.S, C.NA_S) | b(cur.flags.O, C.NA_O);
      parseIPv6(cur.target, m, L.D_ADDR1);
      options = cur.options;
      break;
    case 'F-BU':
    case 'BU': {
      parseIPv6(cur.homeAddress, m, L.D_ADDR1);
      m[L.D_FLAGS] =
        cur.kind === 'F-BU'
          ? b(cur.ack, C.FBU_A)
          : b(cur.flags.A, C.BU_A) | b(cur.flags.H, C.BU_H) | b(cur.flags.R, C.BU_R) | b(cur.flags.D, C.BU_D);
      m[L.D_U8A] = cur.prefixLength;
      dv.setUint16(L.D_ID, cur.sequence, true);
      dv.setUint32(L.D_U32A, cur.lifetime, true);
      let present = 0;
      if (cur.uniqueId !== undefined) {
        dv.setUint16(L.D_U16A, cur.uniqueId, true);
        present |= 1;
      }
      if (cur.altCoA !== undefined) {
        parseIPv6(cur.altCoA, m, L.D_ADDR2);
        present |= 2;
      }
      m[L.D_U8B] = present;
      break;
    }
    case 'F-BACK':
    case 'BACK':
      m[L.D_CODE] = cur.status;
      dv.setUint16(L.D_ID, cur.sequence, true);
      dv.setUint32(L.D_U32A, cur.lifetime, true);
      if (cur.kind === 'BACK') dv.setUint32(L.D_U32B, cur.refresh, true);
      break;
    case 'DATA':
      dv.setUint16(L.D_U16A, cur.srcPort, true);
      dv.setUint16(L.D_U16B, cur.dstPort, true);
      dv.setUint32(L.D_U32A, cur.seq, true);
      dv.setUint32(L.D_U32B, cur.payloadLength, true);
      break;
  }
  if (options.length > L.OPT_MAX) throw new EmitError(cur.kind, 'TooManyOptions');
  dv.setUint16(L.D_NOPT, options.length, true);
  options.forEach((o, i) => writeOption(m, dv, L.D_OPTS + i * L.OPT_REC, o));
}

function writeOption(m: Uint8Array, dv: DataView, r: number, o: NdOption): void {
  m.fill(0, r, r + L.OPT_REC);
  switch (o.type) {
    case 'SLLA':
    case 'TLLA':
      m[r + L.O_TYPE] = o.type === 'SLLA' ? C.OPT_SLLA : C.OPT_TLLA;
      parseLla(o.lla, m, r + L.O_DATA);
      break;
    case 'PrefixInfo':
      m[r + L.O_TYPE] = C.OPT_PREFIX_INFO;
      m[r + L.O_SUB] = b(o.L, C.PI_L) | b(o.A, C.PI_A);
      m[r + L.O_PLEN] = o.prefixLength;
      dv.setUint32(r + L.O_A, o.validLifetime, true);
      dv.setUint32(r + L.O_B, o.preferredLifetime, true);
      parseIPv6(o.prefix, m, r + L.O_DATA);
      break;
    case 'IPAddress':
      m[r + L.O_TYPE] = C.OPT_IP_ADDRESS;
      m[r + L.O_SUB] = o.subType;
      m[r + L.O_PLEN] = o.prefixLength;
      parseIPv6(o.address, m, r + L.O_DATA);
      break;
    case 'LLA':
      m[r + L.O_TYPE] = C.OPT_LLA;
      m[r + L.O_SUB] = o.subType;
      parseLla(o.lla, m, r + L.O_DATA);
      break;
    case 'Lifetime':
      m[r + L.O_TYPE] = C.OPT_LIFETIME;
      dv.setUint32(r + L.O_A, o.lifetime, true);
      break;
    case 'NAACK':
      m[r + L.O_TYPE] = C.OPT_NAACK;
      m[r + L.O_SUB] = o.status;
      break;
    case 'HoCaps':
      m[r + L.O_TYPE] = C.OPT_HO_CAPS;
      m[r + L.O_SUB] = o.code;
      break;
  }
}

function readOption(m: Uint8Array, dv: DataView, r: number): NdOption {
  const type = m[r + L.O_TYPE];
  const sub = m[r + L.O_SUB] ?? 0;
  switch (type) {
    case C.OPT_SLLA:
      return { type: 'SLLA', lla: formatLla(m, r + L.O_DATA) };
    case C.OPT_TLLA:
      return { type: 'TLLA', lla: formatLla(m, r + L.O_DATA) };
    case C.OPT_PREFIX_INFO:
      return {
        type: 'PrefixInfo',
        prefixLength: m[r + L.O_PLEN] ?? 0,
        L: (sub & C.PI_L) !== 0,
        A: (sub & C.PI_A) !== 0,
        validLifetime: dv.getUint32(r + L.O_A, true),
        preferredLifetime: dv.getUint32(r + L.O_B, true),
        prefix: formatIPv6(m, r + L.O_DATA),
      };
    case C.OPT_IP_ADDRESS:
      return {
        type: 'IPAddress',
        subType: sub,
        prefixLength: m[r + L.O_PLEN] ?? 0,
        address: formatIPv6(m, r + L.O_DATA),
      };
    case C.OPT_LLA:
      return { type: 'LLA', subType: sub, lla: formatLla(m, r + L.O_DATA) };
    case C.OPT_LIFETIME:
      return { type: 'Lifetime', lifetime: dv.getUint32(r + L.O_A, true) };
    case C.OPT_NAACK:
      return { type: 'NAACK', status: sub };
    case C.OPT_HO_CAPS:
      return { type: 'HoCaps', code: sub };
  }
  throw new Error(`descriptor holds unknown option type ${type}`);
}

/** Reads the descriptor `m` (written by the core's parse) into a Message. */
export function readDescriptor(m: Uint8Array, dv: DataView): Message {
  const ip: { src: string; dst: string; hopLimit: number; auth?: AuthInfo } = {
    src: formatIPv6(m, L.D_SRC),
    dst: formatIPv6(m, L.D_DST),
    hopLimit: m[L.D_HOP] ?? 0,
  };
  // §8: the AH the core walked over (not verified: that needs the keys, core/wire/auth.ts).
  if (m[L.D_AUTH]) ip.auth = { spi: dv.getUint32(L.D_AUTH_SPI, true), seq: dv.getUint32(L.D_AUTH_SEQ, true) };
  const flags = m[L.D_FLAGS] ?? 0;
  const code = m[L.D_CODE] ?? 0;
  const id = dv.getUint16(L.D_ID, true);
  const n = dv.getUint16(L.D_NOPT, true);
  const options: NdOption[] = [];
  for (let i = 0; i < n; i++) options.push(readOption(m, dv, L.D_OPTS + i * L.OPT_REC));
  const f = (bit: number): boolean => (flags & bit) !== 0;
  let msg: Message;
  switch (m[L.D_KIND]) {
    case L.K_RTSOLPR:
      msg = { kind: 'RtSolPr', ...ip, identifier: id, options };
      break;
    case L.K_PRRTADV:
      msg = { kind: 'PrRtAdv', ...ip, code: code as 0 | 1 | 2, identifier: id, options };
      break;
    case L.K_FNA:
      msg = {
        kind: 'F-NA',
        ...ip,
        flags: { R: f(C.NA_R), S: f(C.NA_S), O: f(C.NA_O) },
        newCoA: formatIPv6(m, L.D_ADDR1),
        oldCoA: formatIPv6(m, L.D_ADDR2),
        options,
      };
      break;
    case L.K_HI:
      msg = {
        kind: 'HI',
        ...ip,
        identifier: id,
        flags: { S: f(C.HI_S), U: f(C.HI_U), H: f(C.HI_H), T: f(C.HI_T), R: f(C.HI_R) },
        options,
      };
      break;
    case L.K_HACK:
      msg = {
        kind: 'HACK',
        ...ip,
        code: code as 0,
        identifier: id,
        flags: { H: f(C.HACK_H), T: f(C.HACK_T), R: f(C.HACK_R) },
        options,
      };
      break;
    case L.K_RS:
      msg = { kind: 'RS', ...ip, options };
      break;
    case L.K_RA:
      msg = {
        kind: 'RA',
        ...ip,
        curHopLimit: m[L.D_U8A] ?? 0,
        flags: { M: f(C.RA_M), O: f(C.RA_O) },
        routerLifetime: dv.getUint16(L.D_U16A, true),
        reachableTime: dv.getUint32(L.D_U32A, true),
        retransTimer: dv.getUint32(L.D_U32B, true),
        options,
      };
      break;
    case L.K_NS:
      msg = { kind: 'NS', ...ip, target: formatIPv6(m, L.D_ADDR1), options };
      break;
    case L.K_NA:
      msg = {
        kind: 'NA',
        ...ip,
        flags: { R: f(C.NA_R), S: f(C.NA_S), O: f(C.NA_O) },
        target: formatIPv6(m, L.D_ADDR1),
        options,
      };
      break;
    case L.K_FBU:
    case L.K_BU: {
      const present = m[L.D_U8B] ?? 0;
      const common = {
        ...ip,
        homeAddress: formatIPv6(m, L.D_ADDR1),
        prefixLength: m[L.D_U8A] ?? 0,
        sequence: id,
        lifetime: dv.getUint32(L.D_U32A, true),
      };
      const extra: { uniqueId?: number; altCoA?: string } = {};
      if (present & 1) extra.uniqueId = dv.getUint16(L.D_U16A, true);
      if (present & 2) extra.altCoA = formatIPv6(m, L.D_ADDR2);
      msg =
        m[L.D_KIND] === L.K_FBU
          ? { kind: 'F-BU', ...common, ack: f(C.FBU_A), ...extra, altCoA: extra.altCoA ?? '::' }
          : { kind: 'BU', ...common, flags: { A: f(C.BU_A), H: f(C.BU_H), R: f(C.BU_R), D: f(C.BU_D) }, ...extra };
      break;
    }
    case L.K_FBACK:
      msg = { kind: 'F-BACK', ...ip, status: code, sequence: id, lifetime: dv.getUint32(L.D_U32A, true) };
      break;
    case L.K_BACK:
      msg = {
        kind: 'BACK',
        ...ip,
        status: code,
        sequence: id,
        lifetime: dv.getUint32(L.D_U32A, true),
        refresh: dv.getUint32(L.D_U32B, true),
      };
      break;
    case L.K_DATA:
      msg = {
        kind: 'DATA',
        ...ip,
        srcPort: dv.getUint16(L.D_U16A, true),
        dstPort: dv.getUint16(L.D_U16B, true),
        seq: dv.getUint32(L.D_U32A, true),
        payloadLength: dv.getUint32(L.D_U32B, true),
      };
      break;
    default:
      throw new Error(`descriptor holds unknown kind ${m[L.D_KIND]}`);
  }
  // Wrap in the tunnel stack, innermost outer header first.
  for (let i = (m[L.D_TUN] ?? 0) - 1; i >= 0; i--) {
    const t = L.D_TUNNELS + i * L.TUN_REC;
    msg = { kind: 'TUNNEL', src: formatIPv6(m, t), dst: formatIPv6(m, t + 16), hopLimit: m[t + 32] ?? 0, inner: msg };
  }
  return msg;
}

export function statusName(n: number): ParseStatus {
  return (L.STATUS_NAMES[n] ?? 'BadField') as ParseStatus;
}

/** A codec over its own packet core instance. */
export async function loadCodec(): Promise<Codec> {
  const core = await loadPacketCore();
  return codecFor(core);
}

export function codecFor(core: PacketCore): Codec {
  const buf = core.memory.buffer;
  const mem = new Uint8Array(buf);
  const pIn = core.pktIn() >>> 0;
  const pOut = core.pktOut() >>> 0;
  const pPar = core.params() >>> 0;
  const size = core.pktSize();
  const desc = new Uint8Array(buf, pPar, core.paramsSize());
  const dv = new DataView(buf, pPar, core.paramsSize());
  return {
    core,
    emit(msg: Message): Uint8Array {
      writeDescriptor(desc, dv, msg);
      const n = core.emit();
      if (n < 0) throw new EmitError(msg.kind, statusName(-n));
      return mem.slice(pOut, pOut + n);
    },
    parse(bytes: Uint8Array): ParseResult {
      if (bytes.length > size) return { ok: false, status: 'BadLength', offset: 0 };
      mem.set(bytes, pIn);
      const st = core.parse(bytes.length);
      if (st !== 0) return { ok: false, status: statusName(st), offset: core.errorOffset() };
      return { ok: true, msg: readDescriptor(desc, dv) };
    },
    encapsulate(outerSrc: string, outerDst: string, inner: Uint8Array, hopLimit = 64): Uint8Array {
      if (inner.length + 40 > size) throw new EmitError('TUNNEL', 'NoSpace');
      mem.set(inner, pIn);
      parseIPv6(outerSrc, desc, L.D_SRC);
      parseIPv6(outerDst, desc, L.D_DST);
      desc[L.D_HOP] = hopLimit;
      const n = core.encap(inner.length);
      if (n < 0) throw new EmitError('TUNNEL', statusName(-n));
      return mem.slice(pOut, pOut + n);
    },
  };
}
