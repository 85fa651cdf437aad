// The console's packet commands: the packet a number names (as the packet list and tcpdump number
// them), `why` (the reason the engine recorded with each of its records, with the draft's
// section), and the event log's one line per record.
import type { TraceRecord } from '../trace.ts';
import { captured, fail, isPacket, ms, tcpdumpLines, type PacketRecord, type TcpdumpArgs } from './format.ts';
import { messageLabel, triggerWord } from './vocab.ts';
import type { ConsoleSession } from './session.ts';

/** The packet's record as the packet list shows it: its transmission (else its first record), up to the cursor. */
export function packetOf(s: ConsoleSession, pkt: number): PacketRecord {
  let first: TraceRecord | undefined;
  for (const r of s.records())
    if (isPacket(r) && r.pkt === pkt && r.kind !== 'drop') {
      first ??= r;
      if (r.kind === 'tx') {
        first = r;
        break;
      }
    }
  if (!first) fail(`no packet #${pkt} in the run so far; tcpdump -r lists the packets with their numbers`);
  if (first!.t > s.cursor)
    fail(
      `packet #${pkt} is sent at ${ms(first!.t)}, after the cursor (${ms(s.cursor)}); goto ${first!.t / 1000} first`,
    );
  return first as PacketRecord;
}

/** `why N`: every reason the engine recorded for the packet up to the cursor, with its section. */
export function whyLines(s: ConsoleSession, pkt: number): string[] {
  packetOf(s, pkt);
  const out: string[] = [];
  for (const r of s.records()) {
    if (r.t > s.cursor) break;
    if (!isPacket(r) || r.pkt !== pkt) continue;
    const head = `${ms(r.t)}  ${r.node} ${r.kind} ${messageLabel(r)}`;
    const w = r.why;
    if (w) out.push(`${head}: ${w.text} (${w.section}${w.conflict ? `; reading ${w.conflict}` : ''})`);
    else if (r.kind === 'drop' || r.kind === 'buffer') out.push(`${head}: ${r.reason}`);
  }
  if (out.length === 0) fail(`packet #${pkt} has no recorded reason yet (the engine records one per decision)`);
  return out;
}

/** One line of the event log (the console's log pane and `step`): time, node, what happened. */
export function logLine(r: TraceRecord): string {
  const t = ms(r.t).padStart(12);
  switch (r.kind) {
    case 'tx':
      return `${t}  ${r.node} sent ${messageLabel(r)} to ${r.to} (#${r.pkt})`;
    case 'rx':
      return `${t}  ${r.node} received ${messageLabel(r)} from ${r.from} (#${r.pkt})`;
    case 'drop':
      return `${t}  ${r.node} dropped ${r.msg ? messageLabel(r) : 'a packet'}${r.pkt !== undefined ? ` (#${r.pkt})` : ''}: ${r.reason}`;
    case 'l2':
      // As the ladder's mark reads (triggerWord): the MN's own "Disconnect", but the oAR's
      // "MN link down" (§3.2.1: the old link to the MN is severed), not a second "Disconnect".
      return `${t}  ${r.node} ${triggerWord(r)} (${r.trigger})${r.detail ? `: ${r.detail}` : ''}`;
    case 'tunnel':
      return `${t}  ${r.node} ${r.type} ${r.action} ${r.type.endsWith('reverse') ? 'from' : 'for'} ${r.addr} to ${r.peer}`;
    default:
      return `${t}  ${r.node} ${r.kind}`;
  }
}

/** `tcpdump -r`: the packets the filter captures in the run up to the cursor, then their count. */
export function readCapture(recs: readonly TraceRecord[], cursor: number, a: TcpdumpArgs): string[] {
  const out: string[] = [];
  let n = 0;
  for (const r of recs) {
    if (r.t > cursor) break;
    if (captured(r, a)) {
      out.push(...tcpdumpLines(r, a.verbose));
      n++;
    }
  }
  out.push(`${n} packet${n === 1 ? '' : 's'}`);
  return out;
}
