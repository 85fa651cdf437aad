// The console's parameter commands — `params`, `set`, and how `load` words a run ("as written",
// "what if …") — over the page's own fields, checks and messages (core/settings.ts), with the
// names a CLI writes (kebab-case). A bad value fails with the page's one-line message.
import { MODES, type HandoverMode, type WhatIf, type WrittenParams } from '../protocol.ts';
import {
  NUMBER_FIELDS,
  UNKNOWN_WRITTEN,
  UNAVAILABLE_MODES,
  crossCheck,
  effective,
  formatField,
  parseField,
  parseSeed,
  type NumberField,
} from '../settings.ts';
import { fail, table } from './format.ts';
import type { ConsoleSession } from './session.ts';

/** `set` parameter names (kebab-case, as a CLI writes them) → the page's fields. */
export const PARAM_NAMES: Record<string, NumberField['key']> = {
  'wired-delay': 'wiredDelayUs',
  'l2-handover': 'l2HandoverUs',
  'ra-min': 'raMinUs',
  'ra-max': 'raMaxUs',
  'buffer-size': 'bufferPackets',
};
export const OTHER_PARAMS = ['buffering', 'seed'];

/** The loaded scenario's own values (the catalogue's), every one null ("varies") if unknown. */
export function writtenOf(s: ConsoleSession, id = s.scenario): WrittenParams {
  return s.catalogue.find((c) => c.id === id)?.written ?? UNKNOWN_WRITTEN;
}

/** "as written", or the changes in the console's words ("what if mode mipv6, wired-delay 5 ms"). */
export function howText(whatIf: WhatIf): string {
  const parts: string[] = [];
  if (whatIf.mode !== undefined) parts.push(`mode ${whatIf.mode}`);
  for (const [name, key] of Object.entries(PARAM_NAMES)) {
    const f = NUMBER_FIELDS.find((x) => x.key === key)!;
    if (whatIf[key] !== undefined) parts.push(`${name} ${formatField(f, whatIf[key])} ${f.unit}`);
  }
  if (whatIf.buffering !== undefined) parts.push(`buffering ${whatIf.buffering ? 'on' : 'off'}`);
  return parts.length === 0 ? 'as written' : `what if ${parts.join(', ')} (not as written)`;
}

/**
 * What `set NAME VALUE` asks for, checked as the page's fields check it: a reload with this seed
 * and these changes, and the line to print before the reload's (none for the seed).
 */
export function setRequest(
  s: ConsoleSession,
  name: string,
  value: string,
): { seed: number; whatIf: WhatIf; echo?: string } {
  if (name === 'seed') {
    const r = parseSeed(value);
    if (!r.ok) fail(r.error);
    return { seed: (r as { value: number }).value, whatIf: s.whatIf };
  }
  if (name === 'buffering') {
    const on = { on: true, true: true, yes: true, off: false, false: false, no: false }[value.toLowerCase()];
    if (on === undefined) fail(`buffering is on or off, not "${value}"`);
    return { seed: s.seed, whatIf: { ...s.whatIf, buffering: on! }, echo: `buffering ${on ? 'on' : 'off'}` };
  }
  const key = PARAM_NAMES[name]!;
  const field = NUMBER_FIELDS.find((f) => f.key === key)!;
  const r = parseField(field, value);
  if (!r.ok) fail(r.error);
  const whatIf: WhatIf = { ...s.whatIf, [key]: (r as { value: number }).value };
  // RFC 2461 §6.2.1 across fields, over the values the run would use (a value that varies per
  // router in the scenario is not checked against).
  const v = effective(writtenOf(s), whatIf);
  if (v.raMinUs !== null && v.raMaxUs !== null) {
    const msg = Object.values(crossCheck({ raMinUs: v.raMinUs, raMaxUs: v.raMaxUs }))[0];
    if (msg) fail(msg);
  }
  return { seed: s.seed, whatIf, echo: `${name} ${formatField(field, whatIf[key]!)} ${field.unit}` };
}

/** `params`: every parameter with its value, where it comes from and its range; then the mode. */
export function paramsLines(s: ConsoleSession): string[] {
  const written = writtenOf(s);
  const v = effective(written, s.whatIf);
  const rows: string[][] = [];
  const mark = (k: keyof WhatIf) => (s.whatIf[k] !== undefined ? 'what if' : 'as written');
  for (const [name, key] of Object.entries(PARAM_NAMES)) {
    const f = NUMBER_FIELDS.find((x) => x.key === key)!;
    const x = v[key];
    rows.push([name, x === null ? '(varies)' : formatField(f, x), f.unit, mark(key), `${f.min}–${f.max}`, f.label]);
  }
  rows.push([
    'buffering',
    v.buffering === null ? '(varies)' : v.buffering ? 'on' : 'off',
    '',
    mark('buffering'),
    'on, off',
    'nAR buffering (§5.2.1)',
  ]);
  rows.push(['seed', String(s.seed), '', '', `0–${2 ** 31 - 1}`, 'random seed']);
  const out = table(['PARAM', 'VALUE', 'UNIT', 'FROM', 'RANGE', 'WHAT'], rows);
  const modes = (MODES as readonly string[]).filter((m) => !UNAVAILABLE_MODES[m as HandoverMode]).join(', ');
  out.push(
    v.mode === null
      ? `mode: the scenario's own, per router and per MN (modes: ${modes})`
      : `mode: ${v.mode}${s.whatIf.mode !== undefined ? ' (what if)' : ''} (modes: ${modes})`,
  );
  out.push(
    Object.keys(s.whatIf).length === 0
      ? 'the scenario as written'
      : `${howText(s.whatIf)}; reset goes back to the scenario as written`,
  );
  return out;
}
