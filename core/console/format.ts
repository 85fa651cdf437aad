// What the console prints: aligned tables (a router's `show`), tcpdump's one line per packet and
// its filter language, a packet's layered decode. Pure functions of trace records.
import type { Micros, TraceRecord } from '../trace.ts';
import { fromHex } from '../trace.ts';
import { decode, fields } from '../wire/reference.ts';
import type { Message, NdOption } from '../wire/types.ts';
import { messageLabel } from './vocab.ts';

/** A command's failure: its one line says what was wrong and what would be right (Console.run prints it). */
export class Failure extends Error {}
export const fail = (msg: string): never => {
  throw new Failure(msg);
};

/** Virtual time as the page writes it: "1705.034 ms". */
export function ms(t: Micros): string {
  return `${(t / 1000).toFixed(3)} ms`;
}

/** tcpdump's time column: seconds with microseconds, "1.705034". */
export function secs(t: Micros): string {
  return `${Math.floor(t / 1e6)}.${String(t % 1e6).padStart(6, '0')}`;
}

/** Columns padded to their widest cell, two spaces apart (a router's show output). */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)];
}

export type PacketRecord = Extract<TraceRecord, { kind: 'tx' | 'rx' | 'fwd' | 'encap' | 'decap' | 'buffer' }>;
type Pkt = PacketRecord | Extract<TraceRecord, { kind: 'drop' }>;

export function isPacket(r: TraceRecord): r is Pkt {
  return (
    r.kind === 'tx' ||
    r.kind === 'rx' ||
    r.kind === 'fwd' ||
    r.kind === 'encap' ||
    r.kind === 'decap' ||
    r.kind === 'buffer' ||
    (r.kind === 'drop' && r.pkt !== undefined)
  );
}

/** Destination-option messages (§5.3, Mobile IPv6); DATA is UDP; the rest are ICMPv6. */
const DESTOPTS = new Set(['F-BU', 'F-BACK', 'BU', 'BACK']);

export function isIcmp6(msg: string | undefined): boolean {
  return msg !== undefined && msg !== 'DATA' && !DESTOPTS.has(msg);
}

// ---------------------------------------------------------------------------------------------
// tcpdump's filter: a small expression language over one record.

export type Filter =
  | { k: 'icmp6' }
  | { k: 'data' }
  | { k: 'msg'; msg: string }
  | { k: 'src' | 'dst' | 'host'; node: string }
  | { k: 'not'; a: Filter }
  | { k: 'and' | 'or'; a: Filter; b: Filter }
  | { k: 'all' };

export interface TcpdumpArgs {
  iface?: string;
  read: boolean;
  /** -v: each packet's reason (its record's `why`, core/engine/why.ts) on a second line. */
  verbose: boolean;
  filter: Filter;
  /** The filter as typed, for the "listening on" line. */
  text: string;
}

/**
 * Parses tcpdump's arguments. `nodes` and `messages` check names (one error line naming the bad
 * word and what would fit).
 */
export function parseTcpdump(
  words: readonly string[],
  nodes: readonly string[],
  messages: readonly string[],
): TcpdumpArgs | string {
  let iface: string | undefined;
  let read = false;
  let verbose = false;
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '-i') {
      const n = words[++i];
      if (n === undefined) return `-i needs a node; nodes: ${nodes.join(', ')}`;
      const hit = nodes.find((x) => x.toLowerCase() === n.toLowerCase());
      if (!hit) return `-i: no node "${n}"; nodes: ${nodes.join(', ')}`;
      iface = hit;
    } else if (w === '-r') read = true;
    else if (w === '-v') verbose = true;
    else if (w.startsWith('-') && rest.length === 0) return `unknown option ${w}; options: -i NODE, -r, -v`;
    else rest.push(w);
  }
  let pos = 0;
  const peek = () => rest[pos]?.toLowerCase();
  const node = (after: string): string => {
    const n = rest[pos++];
    if (n === undefined) throw new Error(`${after} needs a node; nodes: ${nodes.join(', ')}`);
    const hit = nodes.find((x) => x.toLowerCase() === n.toLowerCase());
    if (!hit) throw new Error(`${after}: no node "${n}"; nodes: ${nodes.join(', ')}`);
    return hit;
  };
  const prim = (): Filter => {
    const w = rest[pos++];
    if (w === undefined) throw new Error('the filter ends too soon; e.g. not data, msg HI, src MN');
    switch (w.toLowerCase()) {
      case 'not':
      case '!':
        return { k: 'not', a: prim() };
      case '(': {
        const e = or();
        if (rest[pos++] !== ')') throw new Error('missing ")" in the filter');
        return e;
      }
      case 'icmp6':
        return { k: 'icmp6' };
      case 'data':
      case 'udp':
        return { k: 'data' };
      case 'msg': {
        const m = rest[pos++];
        if (m === undefined) throw new Error(`msg needs a message; messages: ${messages.join(', ')}`);
        const hit = messages.find((x) => x === m) ?? messages.find((x) => x.toLowerCase() === m.toLowerCase());
        if (!hit) throw new Error(`msg: no message "${m}"; messages: ${messages.join(', ')}`);
        return { k: 'msg', msg: hit };
      }
      case 'src':
      case 'dst':
      case 'host':
        return { k: w.toLowerCase() as 'src', node: node(w.toLowerCase()) };
      default:
        throw new Error(
          `no filter word "${w}"; filters: icmp6, data, msg MSG, src NODE, dst NODE, host NODE, not, and, or`,
        );
    }
  };
  const and = (): Filter => {
    let a = prim();
    while (pos < rest.length && peek() !== 'or' && peek() !== ')') {
      if (peek() === 'and' || peek() === '&&') pos++;
      a = { k: 'and', a, b: prim() };
    }
    return a;
  };
  const or = (): Filter => {
    let a = and();
    while (peek() === 'or' || peek() === '||') {
      pos++;
      a = { k: 'or', a, b: and() };
    }
    return a;
  };
  try {
    const filter = rest.length === 0 ? ({ k: 'all' } as Filter) : or();
    if (pos < rest.length) return `unexpected "${rest[pos]}" in the filter`;
    return { ...(iface ? { iface } : {}), read, verbose, filter, text: rest.join(' ') };
  } catch (e) {
    return (e as Error).message;
  }
}

export function matches(f: Filter, r: Pkt): boolean {
  switch (f.k) {
    case 'all':
      return true;
    case 'icmp6':
      return isIcmp6(r.msg);
    case 'data':
      return r.msg === 'DATA';
    case 'msg':
      return r.msg === f.msg;
    case 'src':
      return r.from === f.node;
    case 'dst':
      return r.to === f.node;
    case 'host':
      return r.from === f.node || r.to === f.node;
    case 'not':
      return !matches(f.a, r);
    case 'and':
      return matches(f.a, r) && matches(f.b, r);
    case 'or':
      return matches(f.a, r) || matches(f.b, r);
  }
}

/**
 * Which records tcpdump prints. Without -i, one line per packet: where it was sent (and where it
 * was lost). With -i NODE, every packet record at NODE, as a capture on that node would see it.
 */
export function captured(r: TraceRecord, a: TcpdumpArgs): r is Pkt {
  if (!isPacket(r)) return false;
  if (a.iface !== undefined) {
    if (r.node !== a.iface) return false;
  } else if (r.kind !== 'tx' && r.kind !== 'drop') return false;
  return matches(a.filter, r);
}

/** Direction at the node, as `tcpdump -i any` writes it. */
function direction(r: Pkt): string {
  switch (r.kind) {
    case 'tx':
      return 'Out';
    case 'rx':
      return 'In ';
    case 'fwd':
      return 'Fwd';
    case 'encap':
      return 'Enc';
    case 'decap':
      return 'Dec';
    case 'buffer':
      return 'Buf';
    case 'drop':
      return 'Drp';
  }
}

/** The decoded packet's own fields, briefly: "id 12345 oCoA 2001:db8:1::10 …". */
function summary(m: Message): string {
  const parts: string[] = [];
  for (const [k, val] of Object.entries(m)) {
    if (k === 'kind' || k === 'src' || k === 'dst' || k === 'hopLimit' || k === 'inner' || k === 'auth') continue;
    if (k === 'flags' || k === 'code' || k === 'status') continue; // in the label, as the ladder writes them
    if (k === 'options') {
      for (const o of val as NdOption[]) parts.push(option(o));
      continue;
    }
    if (typeof val === 'boolean') {
      if (val) parts.push(k);
      continue;
    }
    parts.push(`${k} ${String(val)}`);
  }
  if (m.auth) parts.push(`AH spi ${m.auth.spi} seq ${m.auth.seq}`);
  return parts.join(', ');
}

function option(o: NdOption): string {
  switch (o.type) {
    case 'SLLA':
    case 'TLLA':
      return `${o.type} ${o.lla}`;
    case 'PrefixInfo':
      return `prefix ${o.prefix}/${o.prefixLength}`;
    case 'IPAddress':
      return `${o.subType === 1 ? 'oCoA' : o.subType === 2 ? 'nCoA' : o.subType === 3 ? 'aAR' : o.subType === 4 ? 'home' : `ip${o.subType}`} ${o.address}`;
    case 'LLA':
      return `LLA(${o.subType}) ${o.lla}`;
    case 'Lifetime':
      return `lifetime ${o.lifetime}`;
    case 'NAACK':
      return `NAACK ${o.status}`;
    case 'HoCaps':
      return `caps ${o.code}`;
  }
}

function ipPart(m: Message): string {
  if (m.kind === 'TUNNEL') return `IP6 ${m.src} > ${m.dst}: ${ipPart(m.inner)}`;
  const proto = m.kind === 'DATA' ? 'UDP' : DESTOPTS.has(m.kind) ? 'DSTOPT' : 'ICMP6';
  return `IP6 ${m.src} > ${m.dst}: ${proto}`;
}

/**
 * One tcpdump line: time, packet number, node, direction, the IPv6 addresses (outer first when
 * tunnelled), the message as the ladder labels it, its fields, the length.
 */
export function tcpdumpLine(r: Pkt): string {
  const head = `${secs(r.t)} #${r.pkt} ${r.node} ${direction(r)}`;
  const label = messageLabel(r);
  const len = r.hex ? r.hex.length / 2 : 0;
  let body: string;
  const d = r.hex ? decode(fromHex(r.hex)) : null;
  if (d && d.ok) {
    let inner = d.msg;
    while (inner.kind === 'TUNNEL') inner = inner.inner;
    const s = summary(inner);
    body = `${ipPart(d.msg)} ${label}${s ? `, ${s}` : ''}`;
  } else body = `${r.from} > ${r.to}: ${label}${d && !d.ok ? ` [undecodable: ${d.status}]` : ''}`;
  const tail = r.kind === 'drop' ? ` (dropped: ${r.reason})` : r.kind === 'buffer' ? ` (buffered: ${r.reason})` : '';
  return `${head} ${body}, length ${len}${tail}`;
}

/** A record's reason in words, with the section that makes the node do it ("" when it has none). */
export function whyText(r: TraceRecord): string {
  const w = 'why' in r ? r.why : undefined;
  if (!w) return '';
  const where = [w.section, w.conflict ? `reading ${w.conflict}` : ''].filter(Boolean).join('; ');
  return where ? `${w.text} (${where})` : w.text;
}

/** tcpdump's lines for one packet: the line, and with -v its reason indented below it. */
export function tcpdumpLines(r: Pkt, verbose: boolean): string[] {
  const line = tcpdumpLine(r);
  if (!verbose) return [line];
  const why = whyText(r);
  return why ? [line, `    why: ${why}`] : [line];
}

// ---------------------------------------------------------------------------------------------
// inspect

/** The layered decode of a packet, one block per layer (the inspector's tables, as text). */
export function inspectLines(r: PacketRecord): string[] {
  const bytes = fromHex(r.hex);
  const fl = fields(bytes);
  const out = [
    `packet #${r.pkt}  ${messageLabel(r)}  ${r.from} → ${r.to}  at ${r.node} ${ms(r.t)}  ${bytes.length} bytes`,
  ];
  // Why the node sent it (the engine's reason, core/engine/why.ts); `why N` follows it hop by hop.
  const why = whyText(r);
  if (why) out.push(`why: ${why}`);
  let layer = '';
  const rows: string[][] = [];
  const flush = () => {
    if (rows.length === 0) return;
    for (const l of table(['  field', 'value', 'offset'], rows).slice(1)) out.push(l);
    rows.length = 0;
  };
  for (const f of fl) {
    if (f.layer !== layer || (f.layer === 'Option' && f.name === 'Type')) {
      flush();
      layer = f.layer;
      out.push(layerTitle(f.layer, f.name === 'Type' && f.layer === 'Option' ? f.value : ''));
    }
    rows.push([`  ${f.name}`, f.value + (f.problem ? `  <- ${f.problem}` : ''), `@${f.offset}`]);
  }
  flush();
  return out;
}

function layerTitle(layer: string, optType: string): string {
  if (layer === 'IPv6') return 'IPv6 header';
  const inner = /^IPv6 \(inner (\d+)\)$/.exec(layer);
  if (inner) return `Inner IPv6 header ${inner[1]} (tunnelled packet)`;
  if (layer === 'DestOpts') return 'Destination Options header';
  if (layer === 'AH') return 'Authentication Header (RFC 2402)';
  if (layer === 'ICMPv6') return 'ICMPv6 message';
  if (layer === 'Option') return `Option ${optType.replace(/^\d+ \((.*)\)$/, '$1')}`;
  if (layer === 'error') return 'Undecoded bytes';
  return layer;
}
