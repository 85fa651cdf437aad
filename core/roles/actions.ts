// Roles as pure steps (issue 10): a converted role is a function `(state, input, now) → (state,
// actions)`. It reads only its own state and the input — a message, or the start of the run —
// and returns what it does as data, in order; the engine (core/engine/effects.ts) carries the
// actions out through `Net`, in the same order, so the sends, records and bytes are those of the
// handler that called `Net` inline. Converted so far: the HA (ha.ts) and the CN (cn.ts).
import type { Message } from '../wire/types.ts';

/** What a step does: send a message, change a binding cache entry ([MIPv6]), or change a machine's phase. */
export type Action =
  | { do: 'send'; msg: Message; why: string }
  | { do: 'bind'; home: string; coa: string; lifetimeUs: number; why: string }
  | { do: 'state'; machine: string; from: string; to: string; why: string };

/** A step's input: the run starts with a binding in place, or a message arrives. */
export type Input = { on: 'start'; home: string; coa: string } | { on: 'message'; msg: Message };

export interface Step<S> {
  state: S;
  actions: Action[];
}
