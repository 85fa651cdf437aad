// The message vocabulary every view shares (the page's ladder and inspector, the command line's
// ladder, the console, the SVG export): a message's label as the draft writes it, the section that
// defines it, the words the figures use for layer-2 triggers, the colours reserved for meaning,
// and the order of lifelines each figure of the draft draws. DOM-free: core/ and app/ both use it.
import type { TraceRecord } from '../trace.ts';

/** The section of the draft that defines each message (for the inspector and the labels' titles). */
export const SECTIONS: Record<string, string> = {
  RtSolPr: '§5.1.1',
  PrRtAdv: '§5.1.2',
  'F-NA': '§5.1.3',
  HI: '§5.2.1',
  HACK: '§5.2.2',
  HTT: '§5.2.3',
  'F-BU': '§5.3.1',
  'F-BACK': '§5.3.2',
  RS: 'RFC 2461 §4.1',
  RA: 'RFC 2461 §4.2, §5.4.4 (NAACK)',
  NS: 'RFC 2461 §4.3',
  NA: 'RFC 2461 §4.4',
  BU: 'Mobile IPv6 Binding Update',
  BACK: 'Mobile IPv6 Binding Acknowledgement',
  DATA: 'data packet (UDP)',
};

/** How the figures draw the layer-2 triggers on the MN's lifeline (Figures 1, 3, 4; §3.2.1). */
export const TRIGGER_WORDS: Record<string, string> = {
  'L2-LD': 'Disconnect',
  'L2-LU': 'Connect',
  'L2-ST': 'Source trigger',
  'L2-TT': 'Target trigger',
};

/**
 * The word a layer-2 mark reads on its node's lifeline. On the MN's own lifeline, the figures'
 * "Disconnect" / "Connect" (Figures 1, 3, 4). On a router's, the trigger is about another node's
 * link (§3.2.1: L2-LD "when the old link to the MN is severed", L2-LU on completion), so it names
 * that node: "MN link down" on the oAR, "MN link up" on the nAR — not a second "Disconnect" that
 * reads as if the oAR itself lost its link (a student's review).
 */
export function triggerWord(m: { node: string; trigger: string; link?: { mn: string } }): string {
  // The MN's own L2-ST is its predictive link-layer information (§3.1: the anticipated handover
  // "is based on having information on the handover target AR enough in advance"); "source
  // trigger" is §2's name for the trigger at the oAR (BETH, §3.2.1), which a student read on the
  // MN's lifeline in Figure 3 and in standard Mobile IPv6 runs as a term of tunnel-based handover.
  if (m.link && m.link.mn === m.node && m.trigger === 'L2-ST') return 'Move predicted';
  if (m.link && m.link.mn !== m.node) {
    if (m.trigger === 'L2-LD') return `${m.link.mn} link down`;
    if (m.trigger === 'L2-LU') return `${m.link.mn} link up`;
  }
  return TRIGGER_WORDS[m.trigger] ?? m.trigger;
}

/** A message's label as the draft writes it: its name, flags, and code or status ("HI [S,U]"). */
export function messageLabel(r: { msg?: string; flags?: string; code?: number; status?: number }): string {
  let s = r.msg ?? '?';
  if (r.flags) s += ` [${r.flags.split('').join(',')}]`;
  // §5.2.2: the HACK's code is its answer; §5.1.2: PrRtAdv code 2 means "fall back to MIPv6".
  if ((r.msg === 'HACK' || r.msg === 'PrRtAdv') && r.code !== undefined) s += ` code ${r.code}`;
  // §5.3.2: F-BACK status (e.g. 1 = nCoA duplicate, §6.1.1).
  if ((r.msg === 'F-BACK' || r.msg === 'BACK') && r.status !== undefined) s += ` status ${r.status}`;
  return s;
}

/** Milliseconds with the trace's µs precision: 197713 µs → "197.713". */
export function ms(us: number): string {
  return (us / 1000).toFixed(3);
}

/** An arrow's accessible name: "HI [S,U] from oAR to nAR, sent 197.713 ms". */
export function arrowName(label: string, from: string, to: string, sentUs: number): string {
  return `${label} from ${from} to ${to}, sent ${ms(sentUs)} ms`;
}

/**
 * What a message is, for the ladder's filters and colours: data packets; binding updates of
 * Mobile IPv6 (BU, BACK — §3.1.8 "completing nCoA establishment"); the fast-handover signalling
 * itself (§5); neighbour discovery (RFC 2461).
 */
export type MessageKind = 'data' | 'binding' | 'fast' | 'nd';

export function messageKind(msg: string): MessageKind {
  if (msg === 'DATA') return 'data';
  if (msg === 'BU' || msg === 'BACK') return 'binding';
  if (msg === 'RS' || msg === 'RA' || msg === 'NS' || msg === 'NA') return 'nd';
  return 'fast';
}

/**
 * Colours by meaning, for the page's light theme and the SVG export: signalling is dark and
 * crisp; colour is kept for what the eye must find (a loss, a forged message, a tunnel, the
 * selection), as Wireshark's flow graph keeps colour for its colouring rules.
 */
export const COLOURS = {
  signal: '#1b1f24',
  label: '#1b1f24',
  lifeline: '#5b6470',
  lost: '#c0261b',
  forged: '#8a2be2',
  tunnelled: '#1f5fa8',
  selected: '#d35400',
  data: '#7a8691',
  l2: '#6b3fa0',
  axis: '#5b6470',
} as const;

/** Lifelines in the order the issue lists them when no figure says otherwise (MN leftmost). */
export const CANONICAL_NODES = ['MN', 'oAR', 'nAR', 'aAR', 'HA', 'CN'] as const;

/**
 * The lifeline order each figure of the draft draws, left to right. Figures 1–3 (§3.1.3–§3.1.6):
 * MN, oAR, nAR. Figure 4 (§3.1.7): MN, nAR, oAR, aAR. Figures 7 and 8 (§3.3): MN, nAR, oAR.
 * Figures 10 and 11 (§3.4): MN, nAR, oAR, aAR. Figure 12 (§3.4.1): AR(2) left of AR(1).
 * Variants of a figure (e.g. "fig3-fna") take their figure's order.
 */
export const FIGURE_ORDER: Record<string, readonly string[]> = {
  fig1: ['MN', 'oAR', 'nAR'],
  fig2: ['MN', 'oAR', 'nAR'],
  fig3: ['MN', 'oAR', 'nAR'],
  fig4: ['MN', 'nAR', 'oAR', 'aAR'],
  fig7: ['MN', 'nAR', 'oAR'],
  fig8: ['MN', 'nAR', 'oAR'],
  fig10: ['MN', 'nAR', 'oAR', 'aAR'],
  fig11: ['MN', 'nAR', 'oAR', 'aAR'],
  fig12: ['AR2', 'AR1'],
};

/** The order of §3.2–§3.5's figures (BETH), for the BETH scenarios that are not a figure. */
const BETH_ORDER = ['MN', 'nAR', 'oAR', 'aAR', 'HA', 'CN'];

/** The figure order a scenario id follows, if any: "fig3" and "fig3-fna" → Figure 3's. */
export function figureOrder(scenario: string | undefined): readonly string[] | undefined {
  if (!scenario) return undefined;
  const m = /^(fig\d+)(?:-|$)/.exec(scenario);
  if (m) return FIGURE_ORDER[m[1]!];
  if (scenario.startsWith('beth-')) return BETH_ORDER;
  return undefined;
}

/**
 * Lifelines for a scenario: its figure's nodes in the figure's order, then the canonical names
 * (MN, oAR, nAR, aAR, HA, CN) in that order, then every other node in the order given (order of
 * appearance). The page's ladder, the SVG export and the command line's ladder all use this.
 */
export function lifelineOrder(nodes: Iterable<string>, scenario?: string): string[] {
  const seen = [...new Set(nodes)];
  const has = new Set(seen);
  const out: string[] = [];
  const take = (n: string) => {
    if (has.has(n) && !out.includes(n)) out.push(n);
  };
  for (const n of figureOrder(scenario) ?? []) take(n);
  for (const n of CANONICAL_NODES) take(n);
  for (const n of seen) take(n);
  return out;
}

/**
 * Drawn as bands on the ladder, not stepped through: data packets, and the periodic Router
 * Advertisements (every 30–70 ms in Mobile IPv6) that would otherwise bury the handover.
 */
export const BANDED: ReadonlySet<string> = new Set(['DATA', 'RA']);

/**
 * The events the timeline's step and back (and the console's) move between: a message sent,
 * received or lost, a layer-2 trigger, a tunnel set up or torn down — not the banded data.
 */
export function isStepEvent(r: TraceRecord): boolean {
  switch (r.kind) {
    case 'tx':
    case 'rx':
    case 'drop':
      return r.msg !== undefined && !BANDED.has(r.msg);
    case 'l2':
    case 'tunnel':
      return true;
    default:
      return false;
  }
}

/**
 * Two ways a packet does not arrive, named apart on the page (a student's review found "Lost" used
 * for both): `lost` on the way — sent onto a radio link that was down, or lost in flight (the
 * layer-2 handover, §3.2.1; a scenario's injected fault) — and `dropped` by a node that had it and
 * discarded it (no neighbour entry, §7; failed authentication, §8; not addressed to it).
 */
export function dropKind(reason: string): 'lost' | 'dropped' {
  return /^(link down|MN has no link|link lost in flight|lost on the way)/.test(reason) ? 'lost' : 'dropped';
}
