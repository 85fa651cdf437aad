// The engine worker's protocol, fuzzed (issue 15, "Robustness, counted"): random and malformed
// messages thrown at the worker's own handler (core/engine-server.ts, the code core/worker.ts runs),
// each passed through structuredClone as postMessage would. Properties: the handler never throws or
// rejects; every bad message gets one error reply naming the field and what was expected; and a
// good load after the garbage gives the very trace a fresh worker gives.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { engineServer } from '../../core/engine-server.ts';
import { checkRequest, MAX_VIRTUAL_US, type Reply } from '../../core/protocol.ts';
import { loadPacketCore } from '../../core/wasm.ts';
import { DEFAULT_PARAMS } from '../../app/controls/settings.ts';

/** A server as the worker runs it, with its replies collected. */
function server() {
  const replies: Reply[] = [];
  let crashes = 0;
  const handle = engineServer({ post: (r) => replies.push(r), loadCore: loadPacketCore, onCrash: () => crashes++ });
  return {
    replies,
    crashes: () => crashes,
    /** Posts a message (cloned, as postMessage does) and returns the replies it caused. */
    async send(msg: unknown): Promise<Reply[]> {
      const from = replies.length;
      let cloned: unknown;
      try {
        cloned = structuredClone(msg);
      } catch {
        return []; // postMessage would throw in the page; the worker never sees it.
      }
      await handle(cloned);
      return replies.slice(from);
    },
  };
}

// A good session: load Figure 3 with the page's parameters and a baseline, move, advance.
const GOOD = [
  { type: 'load', id: 1001, scenario: { id: 'fig3' }, seed: 7, params: DEFAULT_PARAMS, baseline: true },
  { type: 'advance', id: 1002, to: 900_000 },
  { type: 'move', id: 1003, node: 'MN', x: 300, y: 150, at: 950_000 },
  { type: 'advance', id: 1004, to: 2_000_000, untilRecord: false },
];
const strip = (rs: Reply[]) => rs.map(({ id: _id, ...r }) => r);
let fresh: ReturnType<typeof strip> | undefined;
async function goodTrace(s = server()) {
  const out: Reply[] = [];
  for (const m of GOOD) out.push(...(await s.send(m)));
  return strip(out);
}

/** Values that are wrong for every field of the protocol except the ones listed as accepting them. */
const junk = fc.oneof(
  fc.constantFrom(
    null,
    '',
    '<script>alert(1)</script>',
    '💥\u202e\u0000',
    'x'.repeat(100_000),
    NaN,
    Infinity,
    -Infinity,
    -1,
    1.5,
    2 ** 53,
    1e300,
    [],
    {},
    { valueOf: 1 },
    new Date(0),
    new Map([[1, 2]]),
    new Uint8Array(3),
    10n,
  ),
  fc.anything({ maxDepth: 2, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }),
);

// Fields of each request with the values they accept (junk that happens to fit is skipped).
const FIELDS: Record<string, Record<string, (v: unknown) => boolean>> = {
  load: {
    seed: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff,
    scenario: () => false,
    params: () => false,
    baseline: (v) => typeof v === 'boolean',
  },
  move: {
    node: (v) => typeof v === 'string' && v.length > 0 && v.length <= 64,
    x: (v) => Number.isFinite(v) && Math.abs(v as number) <= 1e7,
    y: (v) => Number.isFinite(v) && Math.abs(v as number) <= 1e7,
    at: (v) => v === undefined || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_VIRTUAL_US),
  },
  advance: {
    to: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_VIRTUAL_US,
    untilRecord: (v) => v === undefined || typeof v === 'boolean',
  },
  catalogue: {},
  crash: {},
};
const PARAM_KEYS = Object.keys(DEFAULT_PARAMS);

/** A valid request of a kind, cheap to run (small times, a built-in scenario). */
const validRequest = fc.oneof(
  fc.constant({ type: 'catalogue' }),
  fc.constant({ type: 'crash' }),
  fc.record({
    type: fc.constant('load'),
    scenario: fc.constantFrom({ id: 'fig3' }, { id: 'fig1' }, { id: 'mipv6' }, { id: 'skeleton' }),
    seed: fc.nat(1000),
    params: fc.constantFrom(DEFAULT_PARAMS, { ...DEFAULT_PARAMS, mode: 'mipv6' }, { ...DEFAULT_PARAMS, mode: 'beth' }),
    baseline: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('move'),
    node: fc.constant('MN'),
    x: fc.integer({ min: 0, max: 600 }),
    y: fc.integer({ min: 0, max: 300 }),
  }),
  fc.record({ type: fc.constant('advance'), to: fc.integer({ min: 0, max: 1_500_000 }), untilRecord: fc.boolean() }),
);

/** A valid request with one field made bad; the field it broke is the expected `where`. */
const brokenRequest = fc
  .tuple(fc.constantFrom(...GOOD.slice(0, 3)), fc.nat(), junk, fc.constantFrom('field', 'param', 'scenario', 'unknown'))
  .map(([base, pick, value, how]) => {
    const m: Record<string, unknown> = { ...base, id: 5000 + (pick % 1000) };
    if (how === 'param' && base.type === 'load') {
      const k = PARAM_KEYS[pick % PARAM_KEYS.length]!;
      m.params = { ...DEFAULT_PARAMS, [k]: value };
      return { m, where: `request.params.${k}`, value };
    }
    if (how === 'scenario' && base.type === 'load') {
      m.scenario = { id: value };
      return { m, where: 'request.scenario.id', value };
    }
    if (how === 'unknown') {
      m['colour'] = value;
      return { m, where: 'request.colour', value };
    }
    const keys = Object.keys(FIELDS[base.type]!);
    const k = keys[pick % keys.length]!;
    m[k] = value;
    return { m, where: `request.${k}`, value, accepts: FIELDS[base.type]![k]! };
  });

describe('engine worker protocol', () => {
  it('answers a good session (the reference for the properties below)', async () => {
    fresh = await goodTrace();
    expect(fresh.map((r) => r.type)).toEqual(['loaded', 'records', 'records', 'records']);
    const all = fresh.flatMap((r) => (r.type === 'records' ? r.records : []));
    // Figure 3 runs: the MN sends its F-BU, and the baseline (standard MIPv6) rides along.
    expect(all.some((r) => r.kind === 'tx' && r.msg === 'F-BU')).toBe(true);
    expect(fresh.every((r) => r.type !== 'records' || r.baseline !== undefined)).toBe(true);
  });

  it('names the field and what it expected for each kind of bad message', async () => {
    const s = server();
    const cases: [unknown, string, RegExp][] = [
      [42, 'request', /expected an object/],
      [{ type: 'load' }, 'request.id', /expected a whole number/],
      [
        { type: 'teleport', id: 3 },
        'request.type',
        /expected one of catalogue, load, move, advance, crash, got "teleport"/,
      ],
      [{ type: 'advance', id: 4, to: -5 }, 'request.to', /expected an integer from 0 to 3600000000, got -5/],
      [{ type: 'advance', id: 5, to: 2 ** 60 }, 'request.to', /expected an integer/],
      [{ type: 'move', id: 6, node: 'MN', x: NaN, y: 1 }, 'request.x', /expected a position in metres/],
      [{ type: 'move', id: 7, node: 'x'.repeat(5000), x: 1, y: 1 }, 'request.node', /got "xxxx.{0,60}\.\.\.$/],
      [{ type: 'load', id: 8, scenario: {}, seed: 1 }, 'request.scenario', /exactly one of id .* or inline/],
      [
        { type: 'load', id: 9, scenario: { id: 'fig3' }, seed: 1.5 },
        'request.seed',
        /expected an integer from 0 to 4294967295, got 1.5/,
      ],
      [
        { type: 'load', id: 10, scenario: { id: 'fig3' }, seed: 1, params: { ...DEFAULT_PARAMS, raMinUs: 90_000 } },
        'request.params.raMaxUs',
        /expected at least raMinUs \(90000\), got 70000/,
      ],
      [
        { type: 'load', id: 11, scenario: { id: 'fig3' }, seed: 1, params: { ...DEFAULT_PARAMS, mode: '<b>warp</b>' } },
        'request.params.mode',
        /expected one of "mipv6", .*got "<b>warp<\/b>"/,
      ],
      [{ type: 'catalogue', id: 12, extra: 1 }, 'request.extra', /unknown field/],
      // A name every object inherits is still unknown here.
      [{ type: 'catalogue', id: 17, constructor: 1 }, 'request.constructor', /unknown field/],
      // Well-formed requests the engine refuses say so too, with the request that failed as `where`.
      [{ type: 'move', id: 13, node: 'MN', x: 1, y: 1 }, 'move', /move before load/],
      [{ type: 'advance', id: 14, to: 1 }, 'advance', /advance before load/],
      [
        { type: 'load', id: 15, scenario: { id: 'fig99' }, seed: 1 },
        'load',
        /unknown scenario "fig99": expected one of fig1, /,
      ],
      [
        { type: 'load', id: 16, scenario: { inline: { id: 'x', routers: [{ name: 'A', radius: -1 }] } }, seed: 1 },
        'load',
        /routers\[0\]\.radius: expected a number >= 1 and <= 10000000, got -1/,
      ],
    ];
    for (const [msg, where, message] of cases) {
      const replies = await s.send(msg);
      expect(replies, JSON.stringify(msg).slice(0, 80)).toHaveLength(1);
      const r = replies[0]!;
      expect(r).toMatchObject({ type: 'error', where });
      if (r.type === 'error') expect(r.message).toMatch(message);
      expect(r.id).toBe(typeof (msg as { id?: unknown }).id === 'number' ? (msg as { id: number }).id : -1);
    }
    await s.send({ type: 'load', id: 20, scenario: { id: 'fig3' }, seed: 1 });
    const [r] = await s.send({ type: 'move', id: 21, node: 'CN', x: 1, y: 1 });
    expect(r).toMatchObject({ type: 'error', id: 21, where: 'move', message: 'unknown mobile node "CN" (known: MN)' });
  });

  it('property: random and broken messages get an error naming the field; a good load afterwards gives the fresh trace', async () => {
    fresh ??= await goodTrace();
    const message = fc.oneof(
      { weight: 3, arbitrary: brokenRequest.map((b) => ({ kind: 'broken' as const, ...b })) },
      { weight: 2, arbitrary: junk.map((m) => ({ kind: 'junk' as const, m })) },
      {
        weight: 2,
        arbitrary: fc
          .record(
            { type: fc.constantFrom('load', 'move', 'advance', 'catalogue', 'crash', 'x'), id: junk },
            { requiredKeys: [] },
          )
          .map((m) => ({ kind: 'junk' as const, m })),
      },
      {
        weight: 2,
        arbitrary: fc.tuple(validRequest, fc.nat(1000)).map(([m, id]) => ({ kind: 'valid' as const, m: { ...m, id } })),
      },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 12 }), async (msgs) => {
        const s = server();
        for (const x of msgs) {
          const replies = await s.send(x.m);
          // What the generator knows about the message, not what the checker says: a broken field
          // must be reported by name; a valid request is never refused as malformed.
          const bad =
            x.kind === 'broken' ? !(x.accepts?.(x.value) ?? false) : x.kind === 'junk' ? !checkRequest(x.m).ok : false;
          if (!bad) {
            // One reply (crash answers with nothing); an error only from the engine (e.g. move before load).
            expect(replies.length).toBe((x.m as { type?: unknown }).type === 'crash' ? 0 : 1);
            if (replies[0]?.type === 'error') expect(replies[0].where).not.toMatch(/^request/);
            continue;
          }
          expect(replies).toHaveLength(1);
          const r = replies[0]!;
          expect(r.type).toBe('error');
          if (r.type !== 'error') return;
          expect(r.where).toMatch(/^request(\.|$)/);
          expect(r.message).toMatch(/^(expected |unknown field)/);
          expect(r.message.length).toBeLessThan(400);
          if (x.kind === 'broken') expect(r.where).toBe(x.where);
        }
        expect(await goodTrace(s)).toEqual(fresh);
      }),
      { numRuns: 40, seed: 15 },
    );
  });
});
