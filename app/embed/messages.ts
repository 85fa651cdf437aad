// The embed's postMessage API (docs/embedding.md). A page that scripts the iframe sends commands
// `{ fmip: 1, type, ... }` and receives events `{ fmip: 1, type, ... }`. Commands are accepted only
// from the frame's parent and only from the allowed origin (the `origin` URL parameter, else the
// embed's own); anything that is not an fmip command is ignored (pages post all sorts of messages
// to their frames); an fmip command with a bad field gets an `error` event naming it.
import { MODES, type HandoverMode } from '../../core/protocol.ts';

export type Command =
  | { type: 'load'; scenario?: string; seed?: number; mode?: HandoverMode }
  | { type: 'play' }
  | { type: 'pause' }
  /** Move the time cursor to `t` ms (within what the engine has run). */
  | { type: 'seek'; t: number }
  /** Move the mobile node to (x, y) in metres, as a drag would. */
  | { type: 'move'; x: number; y: number };

export type EmbedEvent =
  /** `mode`: the mode the run uses (the scenario as written, or the `mode` asked for); null when the scenario's routers use different modes. */
  | { fmip: 1; type: 'loaded'; scenario: string; seed: number; mode: HandoverMode | null }
  | { fmip: 1; type: 'message'; t: number; msg: string; from: string; to: string }
  | { fmip: 1; type: 'handover'; t: number }
  | { fmip: 1; type: 'error'; command: string; message: string };

export const COMMANDS = ['load', 'play', 'pause', 'seek', 'move'] as const;

/** null: not an fmip message (ignore it); {error}: an fmip command that is wrong; else the command. */
export function parseCommand(data: unknown): Command | { error: string; command: string } | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  if (d.fmip !== 1 || typeof d.type !== 'string') return null;
  if (!(COMMANDS as readonly string[]).includes(d.type)) return null;
  const bad = (message: string) => ({ error: message, command: d.type as string });
  switch (d.type) {
    case 'play':
    case 'pause':
      return { type: d.type };
    case 'seek':
      if (typeof d.t !== 'number' || !Number.isFinite(d.t) || d.t < 0) return bad('seek: t must be a time in ms ≥ 0');
      return { type: 'seek', t: d.t };
    case 'move':
      if (typeof d.x !== 'number' || !Number.isFinite(d.x) || typeof d.y !== 'number' || !Number.isFinite(d.y))
        return bad('move: x and y must be numbers (metres)');
      return { type: 'move', x: d.x, y: d.y };
    case 'load': {
      const c: Command = { type: 'load' };
      if (d.scenario !== undefined) {
        if (typeof d.scenario !== 'string' || !/^[a-z0-9][a-z0-9-]{0,40}$/.test(d.scenario))
          return bad('load: scenario must be a scenario id');
        c.scenario = d.scenario;
      }
      if (d.seed !== undefined) {
        if (!Number.isInteger(d.seed) || (d.seed as number) < 0 || (d.seed as number) > 2 ** 31 - 1)
          return bad('load: seed must be a whole number from 0 to 2147483647');
        c.seed = d.seed as number;
      }
      if (d.mode !== undefined) {
        if (!(MODES as readonly unknown[]).includes(d.mode))
          return bad(`load: mode must be one of ${MODES.join(', ')}`);
        c.mode = d.mode as HandoverMode;
      }
      return c;
    }
  }
  return null;
}

/** Whether a message event may command this embed. */
export function acceptedFrom(
  ev: { origin: string; source: unknown },
  parent: unknown,
  ownOrigin: string,
  allowed: string | null,
): boolean {
  return ev.source === parent && ev.origin === (allowed ?? ownOrigin);
}
