// Roles as pure steps (issue 10): a converted role is a function `(state, input, now) → (state,
// actions)`. It reads only its own state, what its node is configured with and the input — a
// message, a named timer, a layer-2 trigger or the start of the run — and returns what it does as
// data, in order; the engine (core/engine/effects.ts) carries the actions out through `Net`, in the
// same order, so the sends, records and bytes are those of the handler that called `Net` inline.
// Converted: the HA (ha.ts), the CN (cn.ts), the access router (ar.ts, ar-*.ts), its BETH machine
// (beth.ts, beth-*.ts) and the mobile node (mn.ts, mn-*.ts).
import type { Message } from '../wire/types.ts';
import type { Milestone, NcState } from './net.ts';
import type { TimerId } from '../sim/kernel.ts';

/**
 * A protocol timer named by data, not by a closure: `name` is the one the trace shows (`timer`
 * set/fired/cancelled), `key` what it is for (the MN's link-layer address, say) and `id` a
 * generation (the HI's identifier) so a timer armed for an earlier attempt is told apart when it
 * fires. When it fires the engine gives the same value back to the role as its input. Arming a
 * timer again under the same name and key replaces it as the one `cancel` ends.
 */
export interface Timer {
  readonly name: string;
  readonly key: string;
  readonly id?: number;
}

/** The one string a timer is cancelled by (name and key). */
export function timerKey(t: Timer): string {
  return `${t.name}\u0000${t.key}`;
}

/**
 * What a step does: send a message, arm or cancel a timer, change the node's forwarding state
 * (the data plane's control side, `Forwarding` in net.ts), change a binding cache entry ([MIPv6]),
 * or change a machine's phase.
 */
export type Action =
  | { do: 'send'; msg: Message; why: string }
  /** Straight onto the access link to the MN with this link-layer address (an AR). */
  | { do: 'send-link'; mnLla: string; msg: Message; why: string }
  /** Already tunnelled to `peer` (the F-BACK to the oCoA at the nAR, §5.3.2). */
  | { do: 'send-tunnelled'; msg: Message; peer: string; why: string }
  /**
   * Arm `timer` after `delayUs`, or after a delay drawn from the run's seeded random stream between
   * `min` and `max` when the action is carried out — so the draw keeps its place among the draws
   * the sends before it make (link jitter), as it had when the handler drew it inline.
   */
  | { do: 'arm'; timer: Timer; delayUs: number | { min: number; max: number } }
  | { do: 'cancel'; timer: Timer }
  /** `bet`: a BET's forward end at its anchor (§3.3). */
  | { do: 'tunnel'; addr: string; peer: string; lifetimeUs: number; why: string; type?: 'bet' }
  | { do: 'untunnel'; addr: string; why: string }
  /** `bet-reverse`: a BET's radio end at the serving AR (§3.3). */
  | { do: 'reverse'; src: string; peer: string; lifetimeUs: number; why: string; type?: 'bet-reverse' }
  /** The reverse tunnel for packets from `src` (to `peer`) ends. */
  | { do: 'unreverse'; src: string; peer: string; why: string }
  /** Also send a copy of what is tunnelled for `addr` to `peer`, or stop (the §3.4 early placement's duplicates). */
  | { do: 'bicast'; addr: string; peer: string; on: boolean }
  | { do: 'host-route'; addr: string; on: boolean; why?: string }
  | { do: 'nc'; addr: string; lla: string; state: NcState | null; why?: string }
  | { do: 'buffer'; addr: string; on: boolean; why?: string }
  | { do: 'flush'; addr: string }
  | { do: 'bind'; home: string; coa: string; lifetimeUs: number; why: string }
  | { do: 'state'; machine: string; from: string; to: string; why: string }
  /** The node answers to (or stops answering to) this address: names it in the trace (an MN). */
  | { do: 'own'; addr: string }
  | { do: 'disown'; addr: string }
  /** A handover milestone for the measures (an MN marking itself). */
  | { do: 'mark'; what: Milestone; detail?: string }
  /** The same from a router, which knows the MN by its link-layer address only. */
  | { do: 'mark-lla'; mnLla: string; what: Milestone }
  /** §3.5.2: the MN's second interface comes up on this cell and becomes the active one. */
  | { do: 'second-interface'; cell: string; router: string; lla: string }
  /**
   * An input for the node's tunnel-based handover machine (core/roles/beth.ts), the AR's second
   * step: delivered in its place among the AR's actions, so BETH's own actions come out there.
   */
  | { do: 'beth'; on: 'link-up' | 'link-down'; mnLla: string };

/** The HA's and CN's input: the run starts with a binding in place, or a message arrives (the AR's: ArInput, ar-state.ts). */
export type Input = { on: 'start'; home: string; coa: string } | { on: 'message'; msg: Message };

export interface Step<S> {
  state: S;
  actions: Action[];
}

/**
 * A node whose step arms timers (the AR, its BETH machine, the MN): what to do when one fires, and
 * the kernel's ids of the armed ones (for `cancel`), for the engine that carries out its actions
 * (core/engine/effects.ts, through `Net.perform`).
 */
export interface TimerHost {
  fire(t: Timer): void;
  readonly armed: Map<string, TimerId>;
  /** The node's tunnel-based handover machine, for the `beth` action (core/roles/beth.ts). */
  bethInput?(on: 'link-up' | 'link-down', mnLla: string): void;
}
