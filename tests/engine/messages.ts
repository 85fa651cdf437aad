// The protocol-message sequence of a run: every signalling send (`tx` of anything but DATA) in
// order, with the fields a ladder and a capture show, and the bytes. Data packets are summarised
// by their count. The fixture tests/fixtures/messages.json holds it for every built-in scenario
// with seed 1, recorded before the engine's redesign (issue 10): tests/engine/messages.test.ts
// checks the engine still sends exactly it. Re-record on purpose only:
//   node --import tsx scripts/record-messages.ts
import type { TraceRecord } from '../../core/trace.ts';

export interface Sent {
  t: number;
  node: string;
  msg: string;
  from: string;
  to: string;
  flags?: string;
  code?: number;
  status?: number;
  hex: string;
}

export interface Sequence {
  sends: Sent[];
  dataSent: number;
}

export function messagesOf(records: readonly TraceRecord[]): Sequence {
  const sends: Sent[] = [];
  let dataSent = 0;
  for (const r of records) {
    if (r.kind !== 'tx') continue;
    if (r.msg === 'DATA') {
      dataSent++;
      continue;
    }
    const s: Sent = { t: r.t, node: r.node, msg: r.msg, from: r.from, to: r.to, hex: r.hex };
    if (r.flags) s.flags = r.flags;
    if (r.code !== undefined) s.code = r.code;
    if (r.status !== undefined) s.status = r.status;
    sends.push(s);
  }
  return { sends, dataSent };
}

export const FIXTURE = 'tests/fixtures/messages.json';
