// Where a figure's handover starts, so a stopped embed can show it (issue 13: a course page's
// figure that stops at its end time would otherwise be left scrolled to the last BACK arrows).
// DOM-free, over the trace's records (docs/trace.md).
import type { Micros, TraceRecord } from '../../core/trace.ts';
import { SECTIONS } from '../../core/views/vocabulary.ts';

/** The fast handover's own messages: the ones §5 of the draft defines (RtSolPr … F-BACK, F-NA). */
const FAST = new Set(Object.keys(SECTIONS).filter((m) => SECTIONS[m]!.startsWith('§5')));

/**
 * The time of the handover's first signalling message sent by `cursor`: the first fast-handover
 * message (§5: RtSolPr in Figure 3, an unsolicited PrRtAdv in the network-initiated Figure 4), or
 * with none (standard Mobile IPv6, or a fast handover that never started) the MN's first binding
 * update after it lost its link (a layer-2 link down). Null when nothing of a handover was sent yet.
 */
export function handoverStart(records: readonly TraceRecord[], cursor: Micros): Micros | null {
  let linkDown: Micros | null = null;
  let bu: Micros | null = null;
  for (const r of records) {
    if (r.t > cursor) break;
    if (r.kind === 'tx' && FAST.has(r.msg)) return r.t;
    if (r.kind === 'l2' && r.trigger === 'L2-LD' && linkDown === null) linkDown = r.t;
    if (bu === null && linkDown !== null && r.kind === 'tx' && r.msg === 'BU' && r.from === 'MN') bu = r.t;
  }
  return bu;
}
