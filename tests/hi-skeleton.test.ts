import { describe, expect, it } from 'vitest';
import { loadPacketCore } from '../core/wasm.ts';

describe('packet core loads in Node', () => {
  it('builds an HI', async () => {
    const core = await loadPacketCore();
    expect(core.pktSize()).toBe(65536);
  });
});
