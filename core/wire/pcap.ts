// Classic pcap (libpcap format, microsecond timestamps) with link type 229, LINKTYPE_IPV6: each
// record is a bare IPv6 packet, as tshark and Wireshark read directly.
import type { TraceRecord } from '../trace.ts';
import { fromHex } from '../trace.ts';
export const LINKTYPE_IPV6 = 229;

export interface PcapRecord {
  /** Capture time in microseconds since the start of the run. */
  tUs: number;
  bytes: Uint8Array;
}

export function writePcap(records: readonly PcapRecord[]): Uint8Array {
  const total = 24 + records.reduce((n, r) => n + 16 + r.bytes.length, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  // Global header: magic (little-endian writer), version 2.4, thiszone 0, sigfigs 0, snaplen, linktype.
  dv.setUint32(0, 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(8, 0, true);
  dv.setUint32(12, 0, true);
  dv.setUint32(16, 65535, true);
  dv.setUint32(20, LINKTYPE_IPV6, true);
  let o = 24;
  for (const r of records) {
    const t = Math.max(0, Math.floor(r.tUs));
    dv.setUint32(o, Math.floor(t / 1e6), true);
    dv.setUint32(o + 4, t % 1e6, true);
    dv.setUint32(o + 8, r.bytes.length, true);
    dv.setUint32(o + 12, r.bytes.length, true);
    out.set(r.bytes, o + 16);
    o += 16 + r.bytes.length;
  }
  return out;
}

// A run's capture, as the page's export and the console's `export pcap` write it: one record per
// packet put on the wire, each message's first transmission and each encapsulation (the outer
// packet of a tunnel), up to a time.
/** The packets of a run as pcap records, in trace order (which is time order). */
export function pcapRecords(records: readonly TraceRecord[], upTo = Infinity): PcapRecord[] {
  const out: PcapRecord[] = [];
  for (const r of records) {
    if (r.t > upTo) break;
    if ((r.kind === 'tx' || r.kind === 'encap') && r.hex) out.push({ tUs: r.t, bytes: fromHex(r.hex) });
  }
  return out;
}

export function tracePcap(records: readonly TraceRecord[], upTo = Infinity): Uint8Array {
  return writePcap(pcapRecords(records, upTo));
}
