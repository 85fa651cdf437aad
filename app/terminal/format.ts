import type { TraceRecord } from '../../core/trace.ts';
import { BANDED } from '../../core/views/vocabulary.ts';

/**
 * One console line per record worth printing; null for records the console skips. Data packets
 * and periodic RAs are skipped: a voice stream alone is 50 a second, and the ladder's bands summarise them.
 */
export function formatRecord(r: TraceRecord): string | null {
  if ('msg' in r && r.msg !== undefined && BANDED.has(r.msg)) return null;
  const t = `${(r.t / 1000).toFixed(3).padStart(9)} ms`;
  switch (r.kind) {
    case 'tx':
      return `${t}  ${r.node.padEnd(4)} tx  ${r.msg}${r.flags ? `(${r.flags})` : ''} ${r.from} -> ${r.to}  ${r.hex.length / 2} bytes`;
    case 'rx':
      return `${t}  ${r.node.padEnd(4)} rx  ${r.msg}${r.flags ? `(${r.flags})` : ''} ${r.from} -> ${r.to}`;
    case 'drop':
      return `${t}  ${r.node.padEnd(4)} drop ${r.msg ?? ''} (${r.reason})`;
    case 'l2':
      return `${t}  ${r.node.padEnd(4)} l2  ${r.trigger}`;
    case 'tunnel':
      return `${t}  ${r.node.padEnd(4)} ${r.type} ${r.action} ${r.type.endsWith('reverse') ? 'from ' : ''}${r.addr} <-> ${r.peer}`;
    default:
      return null;
  }
}
