// The lab's parameters and their validation, DOM-free: the page's controls (app/controls/) and
// the console's `set`, `mode` and `load ... seed N` (core/console/) use the same rules and the
// same messages, so a value one refuses the other refuses too, in the same words.
import { MODES, type HandoverMode, type LabParams, type WhatIf, type WrittenParams } from './protocol.ts';

/** Defaults follow the engine's (core/scenario/schema.ts) and Mobile IPv6's RA interval. */
export const DEFAULT_PARAMS: LabParams = {
  mode: 'anticipated-mobile-stateless',
  wiredDelayUs: 2_000,
  l2HandoverUs: 50_000,
  raMinUs: 30_000,
  raMaxUs: 70_000,
  buffering: true,
  bufferPackets: 64,
};

/** A scenario's own values before the catalogue says them: every one null ("varies"). */
export const UNKNOWN_WRITTEN: WrittenParams = {
  mode: null,
  wiredDelayUs: null,
  l2HandoverUs: null,
  raMinUs: null,
  raMaxUs: null,
  buffering: null,
  bufferPackets: null,
};

/** The values a run uses: the scenario's own, overridden by the "what if" changes. */
export function effective(written: WrittenParams, whatIf: WhatIf): WrittenParams {
  return { ...written, ...whatIf };
}

/** The "what if" changes that really change something (a value equal to the written one does not). */
export function departures(written: WrittenParams, whatIf: WhatIf): WhatIf {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(whatIf)) if (v !== undefined && written[k as keyof LabParams] !== v) out[k] = v;
  return out as WhatIf;
}

export const MODE_LABELS: Record<HandoverMode, string> = {
  mipv6: 'Standard Mobile IPv6 (baseline)',
  'anticipated-mobile-stateless': 'Anticipated, mobile-initiated, stateless nCoA (Figure 3)',
  'anticipated-mobile-stateful': 'Anticipated, mobile-initiated, stateful nCoA (§3.1.4, §3.1.6)',
  'anticipated-network-stateless': 'Anticipated, network-initiated, stateless nCoA (Figure 1)',
  'anticipated-network-stateful': 'Anticipated, network-initiated, stateful nCoA (Figure 2)',
  beth: 'Tunnel-based, BETH (§3.2–§3.5)',
};

/** Modes the engine does not offer yet, with the reason the control shows. */
export const UNAVAILABLE_MODES: Partial<Record<HandoverMode, string>> = {};

/** A numeric field of the form: shown in `unit`, stored in µs (or as a count). */
export interface NumberField {
  key: 'wiredDelayUs' | 'l2HandoverUs' | 'raMinUs' | 'raMaxUs' | 'bufferPackets';
  label: string;
  unit: 'ms' | 'packets';
  min: number;
  max: number;
  /** Whole numbers only (counts). */
  integer: boolean;
  hint: string;
}

export const NUMBER_FIELDS: readonly NumberField[] = [
  {
    key: 'wiredDelayUs',
    label: 'Wired link delay',
    unit: 'ms',
    min: 0,
    max: 1000,
    integer: false,
    hint: 'one way, each link between routers',
  },
  {
    key: 'l2HandoverUs',
    label: 'Layer-2 handover time',
    unit: 'ms',
    min: 0,
    max: 5000,
    integer: false,
    hint: 'link down to link up',
  },
  {
    key: 'raMinUs',
    label: 'RA interval, min',
    unit: 'ms',
    min: 1,
    max: 60000,
    integer: false,
    hint: 'Mobile IPv6: 30 ms',
  },
  {
    key: 'raMaxUs',
    label: 'RA interval, max',
    unit: 'ms',
    min: 1,
    max: 60000,
    integer: false,
    hint: 'Mobile IPv6: 70 ms',
  },
  {
    key: 'bufferPackets',
    label: 'Buffer size',
    unit: 'packets',
    min: 0,
    max: 10000,
    integer: true,
    hint: 'per MN at the nAR (§5.2.1 U flag)',
  },
];

export type FieldResult = { ok: true; value: number } | { ok: false; error: string };

/** Parses the text typed in a numeric field into its stored value (µs for ms fields). */
export function parseField(field: NumberField, text: string): FieldResult {
  const s = text.trim();
  if (s === '') return { ok: false, error: `${field.label} is required.` };
  // Plain decimal numbers only: "1e3", "0x10" or "12abc" are not what a student means.
  if (!/^-?\d+(\.\d+)?$/.test(s) && !/^-?\.\d+$/.test(s))
    return { ok: false, error: `${field.label} must be a number${field.unit === 'ms' ? ' of milliseconds' : ''}.` };
  const n = Number(s);
  if (field.integer && !Number.isInteger(n)) return { ok: false, error: `${field.label} must be a whole number.` };
  if (n < field.min || n > field.max)
    return { ok: false, error: `${field.label} must be between ${field.min} and ${field.max} ${field.unit}.` };
  if (field.unit === 'ms') {
    const us = Math.round(n * 1000);
    if (Math.abs(us - n * 1000) > 1e-6) return { ok: false, error: `${field.label}: at most 3 decimals (1 µs).` };
    return { ok: true, value: us };
  }
  return { ok: true, value: n };
}

/** The text a field shows for a stored value. */
export function formatField(field: NumberField, value: number): string {
  return field.unit === 'ms' ? String(value / 1000) : String(value);
}

/** Rules across fields; returns errors keyed by the field that shows them. */
export function crossCheck(p: Pick<LabParams, 'raMinUs' | 'raMaxUs'>): Partial<Record<NumberField['key'], string>> {
  // RFC 3775 §7.5 / RFC 2461 §6.2.1: MinRtrAdvInterval must not exceed MaxRtrAdvInterval.
  if (p.raMinUs > p.raMaxUs) return { raMaxUs: 'RA interval, max must be at least the min.' };
  return {};
}

export const SEED_MAX = 2 ** 31 - 1;

export function parseSeed(text: string): FieldResult {
  const s = text.trim();
  if (!/^\d{1,10}$/.test(s) || Number(s) > SEED_MAX)
    return { ok: false, error: `Seed must be a whole number from 0 to ${SEED_MAX}.` };
  return { ok: true, value: Number(s) };
}

export function availableModes(): HandoverMode[] {
  return MODES.filter((m) => !UNAVAILABLE_MODES[m]);
}
