// The message vocabulary the console writes, the same as the ladder's (labels, flags, which
// records are step events). Until core/views/ holds the one vocabulary (engineer H, issue 10),
// these follow app/ladder/layout.ts's `messageLabel` and `BANDED` rule for rule; when it lands,
// this file re-exports it.
import type { TraceRecord } from '../trace.ts';

/** A message's label as the ladder writes it: its name, flags, and code or status. */
export function messageLabel(r: { msg?: string; flags?: string; code?: number; status?: number }): string {
  let s = r.msg ?? '?';
  if (r.flags) s += ` [${r.flags.split('').join(',')}]`;
  // §5.2.2: the HACK's code is its answer; §5.1.2: PrRtAdv code 2 means "fall back to MIPv6".
  if ((r.msg === 'HACK' || r.msg === 'PrRtAdv') && r.code !== undefined) s += ` code ${r.code}`;
  // §5.3.2: F-BACK status (e.g. 1 = nCoA duplicate, §6.1.1).
  if ((r.msg === 'F-BACK' || r.msg === 'BACK') && r.status !== undefined) s += ` status ${r.status}`;
  return s;
}

/** How the figures draw the layer-2 triggers (Figures 1, 3, 4; §3.2.1). */
export const TRIGGER_WORDS: Record<string, string> = {
  'L2-LD': 'Disconnect',
  'L2-LU': 'Connect',
  'L2-ST': 'Source trigger',
  'L2-TT': 'Target trigger',
};

/** The messages the draft names (and the lab's data packets), in the ladder's order. */
export const MESSAGES = [
  'RtSolPr',
  'PrRtAdv',
  'HI',
  'HACK',
  'HTT',
  'F-BU',
  'F-BACK',
  'F-NA',
  'RS',
  'RA',
  'NS',
  'NA',
  'BU',
  'BACK',
  'DATA',
] as const;

/** Drawn as bands on the ladder, not stepped through: data packets and periodic RAs. */
export const BANDED = new Set(['DATA', 'RA']);

/** The events `step` and `back` move between, as the page's timeline does. */
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
