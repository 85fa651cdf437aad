// Fuzz: 100,000 random and mutated packets through the wasm parser and data plane: zero traps,
// every rejection carries a named status, the reference decoder agrees (1 in 8 compared).
// scripts/fuzz.ts runs the same with 1,000,000 (`npm run fuzz`).
import { describe, expect, it } from 'vitest';
import { loadCodec } from '../../core/wire/codec.ts';
import { DataPlane } from '../../core/wire/dataplane.ts';
import { loadPacketCore } from '../../core/wasm.ts';
import { fuzz } from './fuzz-core.ts';

describe('fuzz', () => {
  it('100,000 packets: no trap, every rejection with a status', async () => {
    const codec = await loadCodec();
    const dp = new DataPlane(await loadPacketCore());
    const rep = fuzz(codec, dp, 100_000, 0x5eed);
    expect(rep.firstProblem).toBeUndefined();
    expect(rep).toMatchObject({ packets: 100_000, traps: 0, dataPlaneTraps: 0, unnamed: 0, mismatches: 0 });
    expect(rep.accepted + rep.rejected).toBe(100_000);
    // the mix reaches deep: valid packets survive some edits, and many statuses occur
    expect(rep.accepted).toBeGreaterThan(1000);
    expect(rep.acceptedWithAuth).toBeGreaterThan(100); // AH-protected packets get through the AH walk
    expect(Object.keys(rep.byStatus).length).toBeGreaterThanOrEqual(12);
    // the module still works afterwards
    expect(codec.parse(codec.emit({ kind: 'RS', src: '::', dst: 'ff02::2', hopLimit: 255, options: [] })).ok).toBe(
      true,
    );
  });
});
