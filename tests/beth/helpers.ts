// Helpers of the BETH tests: trace predicates with flags, decoding a record's bytes (the codec
// reads through an AH when there is one), the state a router keeps for an MN.
import type { TraceRecord } from '../../core/trace.ts';
import { fromHex } from '../../core/trace.ts';
import type { Pred } from '../engine/helpers.ts';
import { codec } from '../../core/engine/run.ts';
import type { Message } from '../../core/wire/types.ts';
import type { World } from '../../core/engine/world.ts';

export { run, variant, inOrder, first, all, l2, msg } from '../engine/helpers.ts';

/** A packet record of `kind` for message `name` at `node`, with exactly these flag letters, optionally to `to`. */
export const pk =
  (kind: TraceRecord['kind'], name: string, node: string, flags?: string, to?: string): Pred =>
  (r) =>
    r.kind === kind &&
    'msg' in r &&
    r.msg === name &&
    r.node === node &&
    (flags === undefined || (r.flags ?? '') === flags) &&
    (to === undefined || ('to' in r && r.to === to));

export const tunnel =
  (node: string, action: 'up' | 'down', reverse?: boolean): Pred =>
  (r) =>
    r.kind === 'tunnel' &&
    r.node === node &&
    r.action === action &&
    (reverse === undefined || r.type.endsWith('reverse') === reverse);

/**
 * Decodes a packet record with the codec, which walks over an AH (RFC 2402, §8) by itself and
 * reports it as `auth` (not verified: the engine verifies, with the keys).
 */
export async function decode(r: TraceRecord): Promise<Message> {
  if (!('hex' in r) || !r.hex) throw new Error('record without bytes');
  const p = (await codec()).parse(fromHex(r.hex));
  if (!p.ok) throw new Error(`bytes do not parse: ${p.status}`);
  return p.msg;
}

export function lifetimeOf(m: Message): number | undefined {
  if (m.kind !== 'HI' && m.kind !== 'HACK') return undefined;
  for (const o of m.options) if (o.type === 'Lifetime') return o.lifetime;
  return undefined;
}

/** DATA sequence numbers the MN received (bytes 48..51 of the inner packet). */
export function dataSeqsAt(recs: readonly TraceRecord[], node = 'MN'): number[] {
  return recs
    .filter((r) => r.kind === 'rx' && r.node === node && r.msg === 'DATA')
    .map((r) => parseInt((r as { hex: string }).hex.slice(96, 104), 16));
}

/** Does any router still hold BETH state (a handover, an anchor or a serving entry) for the MN? */
export function bethHeld(w: World, lla: string): string[] {
  const out: string[] = [];
  for (const r of w.sc.routers) {
    const b = w.router(r.name)?.beth;
    if (b?.holds(lla)) out.push(r.name);
  }
  return out;
}
