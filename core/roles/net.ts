// The narrow interface protocol roles see: send messages, set timers, program the forwarding
// state of their own node, log state changes. The roles never see the kernel's heap, the links
// or the trace; the engine (core/engine/world.ts) implements this.
import type { Message } from '../wire/types.ts';
import type { Rng, TimerId } from '../sim/kernel.ts';
import type { Action, TimerHost } from './actions.ts';

/** §7 neighbor cache states used by the draft. */
export type NcState = 'INCOMPLETE' | 'REACHABLE' | 'STALE';

export interface Net {
  readonly now: number;
  readonly rng: Rng;
  /**
   * Originate a message at `node`; routed by its destination address (an MN sends over its current
   * link). `why`: the rule that sends it, "what and why (§section)", with "[I-n]" naming the item of
   * docs/draft-inconsistencies.md whose reading the lab takes; it becomes the tx record's `why`.
   */
  send(node: string, msg: Message, why: string): void;
  /** An AR sends straight onto its access link to the MN with this link-layer address. */
  sendOnLink(ar: string, mnLla: string, msg: Message, why: string): void;
  /** Originate a message already tunnelled to `peer` (e.g. the F-BACK to the oCoA at the nAR, §5.3.2). */
  sendTunnelled(node: string, msg: Message, peer: string, why: string): void;
  /**
   * Carry out a step's actions at `node`, in order (core/engine/effects.ts `perform`); `host`: the
   * node whose timers they arm and cancel.
   */
  perform(node: string, actions: readonly Action[], host?: TimerHost): void;
  /** A named protocol timer (traced as `timer` set/fired/cancelled). */
  timer(node: string, name: string, delayUs: number, fn: () => void): TimerId;
  cancel(node: string, name: string, id: TimerId): void;
  /** Trace a state transition. */
  state(node: string, machine: string, from: string, to: string, why: string): void;
  /** Forwarding state of the node (the data plane's tables). */
  fwd: Forwarding;
  /** Address registry: which node answers to an address (for the trace's `to`). */
  own(node: string, addr: string): void;
  disown(node: string, addr: string): void;
  /** An address an MN will use (validated or allocated by the nAR): names the MN in the trace. */
  expect(addr: string, mnLla: string): void;
  /** Is the MN with this LLA waiting for a Router Advertisement (movement detection)? */
  listening(mnLla: string): boolean;
  /** The router whose link has this /64, if any. */
  routerOfPrefix(addr: string): { name: string; address: string; lla: string; prefix: string } | undefined;
  routerByName(name: string): { name: string; address: string; lla: string; prefix: string } | undefined;
  /** §3.5.2: make the MN's second interface, up on `t`'s cell, its active one (the first stays up). */
  secondInterfaceUp(mn: string, t: { cell: string; router: string; lla: string }): void;
  /** Measures hook: a handover milestone for the MN (an MN marking itself, by its own name). */
  mark(mn: string, what: Milestone, detail?: string): void;
  /**
   * The same, from a router: it knows the MN only by its link-layer address, and the world maps that
   * to the MN's name (an address no MN has is recorded under the address itself).
   */
  markLla(mnLla: string, what: Milestone, detail?: string): void;
}

export type Milestone = 'confirmed' | 'completed' | 'fallback' | 'pingpong' | 'wrong-ar' | 'same-ar';

/** Forwarding state operations (the data plane's control side). Each change is traced as a typed state record (core/trace.ts). */
export interface Forwarding {
  /** Packets to `addr` arriving at `node` are encapsulated to `peer` until `lifetimeUs` passes (`bet`: a BET's forward end, §3.3). */
  tunnelTo(node: string, addr: string, peer: string, lifetimeUs: number, why: string, type?: 'tunnel' | 'bet'): void;
  untunnel(node: string, addr: string, why: string): void;
  hasTunnel(node: string, addr: string): boolean;
  /** Packets from the MN with source `src` are tunnelled back to `peer` (§3.1.5; `bet-reverse`: a BET's radio end, §3.3). */
  reverseTunnel(
    node: string,
    src: string,
    peer: string,
    lifetimeUs: number,
    why?: string,
    type?: 'reverse' | 'bet-reverse',
  ): void;
  /** A host route for `addr` pointing at the access link (§3.1.3, §5.2.2). */
  hostRoute(node: string, addr: string, on: boolean, why?: string): void;
  /** Neighbor cache entry (§7). */
  nc(node: string, addr: string, lla: string, state: NcState | null, why?: string): void;
  ncLookup(node: string, addr: string): { lla: string; state: NcState } | undefined;
  /** Buffer packets for `addr` (HI U flag, §5.2.1) instead of dropping them while the MN is away. */
  buffer(node: string, addr: string, on: boolean, why?: string): void;
  /** Send what is buffered for `addr` (§7 "It sends any packet queued for the neighbor"). */
  flush(node: string, addr: string): void;
  /** Ends the reverse tunnel for packets from `src` (traced as tunnel down). */
  unreverse?(node: string, src: string, why: string): void;
  /** Also send a copy of what is tunnelled for `addr` to `peer` (the §3.4 early BET placement's duplicates). */
  bicast?(node: string, addr: string, peer: string, on: boolean): void;
  /** Binding cache of the HA / CN: home → CoA (lifetime 0 deletes; Infinity: no expiry). */
  bind(node: string, home: string, coa: string, lifetimeUs: number, why?: string): void;
}
