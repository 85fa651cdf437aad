// Why the engine's packet events happen (core/trace.ts `Why`): the receiver's rule for each
// message it gets, the rule behind each drop, the traffic's sends and the tunnel exits. The roles
// give the reason of every message they send (core/roles/net.ts `send`); these are the engine's
// own. Every reason names the section of the draft (or the RFC) that makes the node do it.
import type { Message } from '../wire/types.ts';
import { isHTT } from '../wire/types.ts';
import { whyOf, type Why } from '../trace.ts';

const w = (text: string, section: string): Why => ({ text, section });

/** What the node that a message is for does with it, by message. */
export function rxWhy(m: Message, atMn: boolean): Why {
  switch (m.kind) {
    case 'RtSolPr':
      return w('the RtSolPr asks the AR about the attachment point the MN will move to', '§5.1.1');
    case 'PrRtAdv':
      return w("the PrRtAdv tells the MN the new router's link-layer address and prefix", '§5.1.2');
    case 'HI':
      return isHTT(m)
        ? w("the HTT gives the nAR the aAR's address for a target-trigger handover", '§3.4 step 2a, §5.2.3')
        : w('the HI asks this router to prepare for the MN', '§5.2.1');
    case 'HACK':
      return isHTT(m)
        ? w('the HTT answers the HI(T): the MN is anchored at the aAR it names', '§3.4 step 2b, §5.2.3')
        : w('the HACK answers the HI', '§5.2.2');
    case 'F-BU':
      return w('the F-BU asks the router to forward the old address’s packets', '§5.3.1');
    case 'F-BACK':
      return w('the F-BACK says whether the F-BU was accepted', '§5.3.2');
    case 'F-NA':
      return w('the F-NA announces the MN on the new link, with both CoAs', '§5.1.3');
    case 'RS':
      return w('a Router Solicitation asks for a Router Advertisement', 'RFC 2461 §6.2.6');
    case 'RA':
      for (const o of m.options) if (o.type === 'NAACK') return w("the RA's NAACK answers the F-NA", '§5.4.4');
      return w("a Router Advertisement gives the link's prefix", 'RFC 2461 §6.3.4');
    case 'NS':
      return w('Duplicate Address Detection asks whether the address is in use', 'RFC 2462 §5.4');
    case 'NA':
      return atMn
        ? w('a Neighbor Advertisement for an address the MN is testing: it is in use', 'RFC 2462 §5.4.4')
        : w("the NA announces the MN's address on the link", '§3.1.1, RFC 2461 §7.2.6');
    case 'BU':
      return w('the Binding Update registers a care-of address', '[MIPv6]');
    case 'BACK':
      return w('the Binding Acknowledgement answers the BU', '[MIPv6]');
    case 'DATA':
      return DATA_RX;
    case 'TUNNEL':
      return TUNNEL_EXIT;
  }
}

export const DATA_RX = w('the stream’s packet reaches the node it is for', '[MIPv6]');
export const DATA_DOWN_HOME = w('the CN sends to the home address (no binding: through the HA)', '[MIPv6]');
export const DATA_DOWN_COA = w('the CN sends to the care-of address of its binding (route optimisation)', '[MIPv6]');
export const DATA_UP = w('the MN sends from its confirmed care-of address, never an unconfirmed nCoA', '§3.1.3');
export const TUNNEL_EXIT = w('the tunnel ends here: the inner packet is processed again', 'RFC 2473 §3.2');
export const MN_DECAP = w('the tunnel is addressed to the MN: it takes the packet out', 'RFC 2473 §3.2');
export const BUFFER_U = w('the nAR buffers: the HI asked with the U flag', '§5.2.1');

/** The rule behind a drop: the reason's own section, else the rule that applies. */
const DROPS: [RegExp, string][] = [
  [/^link down|^link lost in flight|^MN has no link/, '§3.1'],
  [/scenario fault/, 'scenario fault injection'],
  [/^malformed/, 'RFC 2460'],
  [/forwarding loop|^HopLimit/, '§6.1.2'],
  [/^NoRoute/, '[MIPv6]'],
  [/^NeighborUnreachable|no such neighbour/, '§7'],
  [/^NoTunnel|^tunnel not for this MN|tunnel nesting/, 'RFC 2473'],
  [/^TooBig|^not addressed to this MN|^NoNode/, 'RFC 2460'],
];
const dropCache = new Map<string, Why>();
export function dropWhy(reason: string): Why {
  let y = dropCache.get(reason);
  if (y) return y;
  y = whyOf(reason);
  if (!y.section) y.section = DROPS.find(([re]) => re.test(reason))?.[1] ?? 'RFC 2460';
  y.text = `dropped: ${y.text}`;
  if (dropCache.size < 1024) dropCache.set(reason, y);
  return y;
}
