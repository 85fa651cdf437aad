// Built-in scenarios of tunnel-based handover (§3.2–§3.5), interoperability (§4) and security (§8).
// Plain data in the engine's scenario format (schema.ts; docs/scenarios.md), nodes named as in
// the draft's figures: MN, oAR, nAR, aAR; AR1 and AR2 for Figure 12.
//
// BETH fields (validated by schema.ts):
//   routers[].caps.beth            the router does tunnel-based handover (default false)
//   routers[].caps.triggers        Table 1 triggers available: { st, tt, ld, lu } (default all true)
//   routers[].caps.betLifetimeS    BET lifetime offered / requested, s (§3.3 step 2, §3.4.1)
//   routers[].caps.betPlacement    aAR placement between the §3.4 extremes: 0 earliest … 1 latest
//   routers[].caps.betRenew        serving AR renews before expiry (§3.4.1)
//   routers[].caps.betGrant        aAR grants renewals (false: §3.5.1 sub-case 1)
//   mobiles[].mode = 'beth'        the MN keeps its CoA and sends nothing at layer 3 on a handover
//   mobiles[].obtainNcoaAfterUs    §3.5.2: the MN decides to get a nCoA this long after an L2-LU
//   security                       { associations: bool, attacks: [...] } (§8)
type Obj = Record<string, unknown>;

const HA = { name: 'HA', address: '2001:db8:ffff::1', homePrefix: '2001:db8:ffff::/64' };
const CN = { name: 'CN', address: '2001:db8:cccc::1' };
const TRAFFIC = [
  { dir: 'down', mn: 'MN', intervalUs: 20000, payloadBytes: 160 },
  { dir: 'up', mn: 'MN', intervalUs: 20000, payloadBytes: 160 },
];
const ALL = { st: true, tt: true, ld: true, lu: true };

function router(name: string, x: number, n: number, caps: Obj = {}, geo: Obj = {}): Obj {
  return {
    name,
    x,
    y: 150,
    radius: 120,
    lla: `02:00:00:00:0${n}:01`,
    prefix: `2001:db8:${n}::/64`,
    ...geo,
    caps: { beth: true, triggers: ALL, betLifetimeS: 10, ...caps },
  };
}
function mesh(names: string[], delayUs = 2000): Obj[] {
  const links: Obj[] = [];
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++)
      links.push({ a: names[i], b: names[j], delayUs: delayUs + 1000 * (j - i - 1), bandwidthBps: 100e6 });
  for (const n of names) links.push({ a: 'HA', b: n, delayUs: 10000, bandwidthBps: 100e6 });
  links.push({ a: 'CN', b: 'HA', delayUs: 15000, bandwidthBps: 100e6 });
  return links;
}
function mn(path: Obj[], extra: Obj = {}): Obj {
  return {
    name: 'MN',
    x: path[0]!.x,
    y: 150,
    lla: '02:00:00:00:00:10',
    iid: '::10',
    mode: 'beth',
    initiation: 'network',
    path,
    ...extra,
  };
}

/** Two cells, oAR then nAR: the two-party figures. */
function twoParty(
  id: string,
  title: string,
  description: string,
  over: {
    oAR?: Obj;
    nAR?: Obj;
    nARgeo?: Obj;
    mn?: Obj;
    path?: Obj[];
    durationUs?: number;
    security?: Obj;
    extraMobiles?: Obj[];
    radio?: Obj;
    timers?: Obj;
  } = {},
): Obj {
  return {
    id,
    title,
    description,
    durationUs: over.durationUs ?? 3_500_000,
    width: 520,
    height: 300,
    ha: HA,
    cn: CN,
    routers: [router('oAR', 150, 1, over.oAR), router('nAR', 350, 2, over.nAR, over.nARgeo)],
    links: mesh(['oAR', 'nAR']),
    mobiles: [
      mn(
        over.path ?? [
          { t: 0, x: 100, y: 150 },
          { t: 3_000_000, x: 400, y: 150 },
        ],
        over.mn,
      ),
      ...(over.extraMobiles ?? []),
    ],
    traffic: TRAFFIC,
    timers: over.timers ?? {},
    radio: { leadUs: 150000, ...(over.radio ?? {}) },
    ...(over.security ? { security: over.security } : {}),
  };
}

/** Three cells aAR, oAR, nAR: the MN starts on the aAR and crosses both boundaries (Figures 9–11). */
function threeParty(
  id: string,
  title: string,
  description: string,
  over: { aAR?: Obj; oAR?: Obj; nAR?: Obj; mn?: Obj; path?: Obj[]; durationUs?: number } = {},
): Obj {
  return {
    id,
    title,
    description,
    durationUs: over.durationUs ?? 3_000_000,
    width: 700,
    height: 300,
    ha: HA,
    cn: CN,
    routers: [router('aAR', 100, 3, over.aAR), router('oAR', 300, 1, over.oAR), router('nAR', 500, 2, over.nAR)],
    links: mesh(['aAR', 'oAR', 'nAR']),
    mobiles: [
      mn(
        over.path ?? [
          { t: 0, x: 60, y: 150 },
          { t: 2_200_000, x: 610, y: 150 },
        ],
        over.mn,
      ),
    ],
    traffic: TRAFFIC,
    timers: {},
    radio: { leadUs: 150000 },
  };
}

const NO_ST = { st: false, tt: true, ld: true, lu: true };

/** Figure 12 names the MN's current AR "AR(1)" and the other (the aAR) "AR(2)". */
function renamed(s: Obj): Obj {
  return JSON.parse(JSON.stringify(s).replaceAll('"oAR"', '"AR2"').replaceAll('"nAR"', '"AR1"')) as Obj;
}

/** The attacker of §8's scenarios: a node on the nAR's link that forges an F-BU, then an HI(R). */
const ATTACKER = {
  name: 'X',
  x: 380,
  y: 200,
  lla: '02:00:00:00:00:66',
  iid: '::66',
  mode: 'mipv6',
  initiation: 'mobile',
  path: [],
};
const ATTACKS = [
  { node: 'X', atUs: 2_200_000, forge: 'F-BU', victim: 'MN', to: 'oAR' },
  { node: 'X', atUs: 2_600_000, forge: 'HI', victim: 'MN', to: 'oAR' },
];

export const BETH_SCENARIOS: Obj[] = [
  twoParty(
    'fig7',
    'Figure 7: two-party source-trigger handover (BETH)',
    'L2-ST at the oAR → HI(H) → HACK(H); the BET goes up at L2-LD; at L2-LU the nAR delivers on the oCoA; nothing crosses the air at layer 3 (§3.3).',
    {
      mn: { capabilitiesKnown: true }, // the figure begins after the §4.1 exchange (I-34)
      nAR: { triggers: NO_ST },
    },
  ),
  twoParty(
    'fig8',
    'Figure 8: two-party target-trigger handover (BETH)',
    'L2-TT at the nAR → HI(T) → HACK(T) with the oCoA; BET at L2-LD, delivery at L2-LU (§3.3).',
    {
      mn: { capabilitiesKnown: true }, // the figure begins after the §4.1 exchange (I-34)
      oAR: { triggers: NO_ST },
      nAR: { triggers: NO_ST },
    },
  ),
  twoParty(
    'beth-no-ld',
    'BETH without L2-LD at the oAR: the HACK places the BET',
    '§3.3: "In the absence of optimal L2 trigger information, the HACK MUST act as the trigger for BET placement."',
    {
      oAR: { triggers: { st: true, tt: false, ld: false, lu: true } },
      nAR: { triggers: NO_ST },
    },
  ),
  threeParty(
    'fig10',
    'Figure 10: three-party source-trigger handover',
    'aAR → oAR (two-party) → nAR before a nCoA: HTT from the oAR, HI(t)/HACK(t) between nAR and aAR, HI(r)/HACK(r) lifetime 0 between oAR and aAR at L2-LD (§3.4).',
    {
      mn: { capabilitiesKnown: true }, // the figure begins after the §4.1 exchange (I-34)
      nAR: { triggers: NO_ST },
    },
  ),
  threeParty(
    'fig11',
    'Figure 11: three-party target-trigger handover',
    'As Figure 10 with an L2-TT at the nAR: HI(t) to the oAR, answered by an HTT (§3.4 step 2b).',
    {
      mn: { capabilitiesKnown: true }, // the figure begins after the §4.1 exchange (I-34)
      aAR: { triggers: NO_ST },
      oAR: { triggers: NO_ST },
      nAR: { triggers: NO_ST },
    },
  ),
  threeParty(
    'beth-place-early',
    'Three-party, the aAR places the BET at the earliest (duplicates)',
    '§3.4: placement at the HACK(t), tunnel service to the oAR continued until the HI(r): the MN may get duplicates.',
    {
      aAR: { betPlacement: 0 },
      nAR: { triggers: NO_ST },
    },
  ),
  threeParty(
    'beth-place-late',
    'Three-party, the aAR places the BET at the latest (no duplicates)',
    '§3.4: placement on the HI(r): no duplicates; its latency adds to the layer-2 handover (packets sent to the oAR in between come back to the aAR here, so few are lost on these short links).',
    {
      aAR: { betPlacement: 1 },
      nAR: { triggers: NO_ST },
    },
  ),
  {
    ...threeParty(
      'beth-special',
      'Three-party special case: the nAR is the aAR',
      '§3.4 step 6: the MN goes aAR → oAR → back to the aAR: the aAR recognises it tunnels to the oAR, delivers directly at L2-LU and tears the tunnel down; the HI(r)/HACK(r) with the oAR still happens.',
      {
        path: [
          { t: 0, x: 60, y: 150 },
          { t: 1_000_000, x: 330, y: 150 },
          { t: 2_000_000, x: 60, y: 150 },
        ],
      },
    ),
  },
  twoParty(
    'beth-pingpong',
    'Ping-pong: the layer-2 handover fails, the MN comes back',
    '§3.3 step 6: the oAR cancels the BET with an HI(R), lifetime 0, and delivers on the old link as if no handover had been pending.',
    {
      nAR: { triggers: NO_ST },
      // The nAR's cell starts at x = 280: the MN leaves the oAR's cell (x > 270), never reaches the
      // nAR's, and is back under the oAR when the 200 ms layer-2 handover ends: it failed.
      nARgeo: { x: 420, radius: 140 },
      radio: { l2HandoverUs: 200_000 },
      path: [
        { t: 0, x: 150, y: 150 },
        { t: 800_000, x: 290, y: 150 },
        { t: 1_600_000, x: 150, y: 150 },
      ],
      durationUs: 2_500_000,
    },
  ),
  renamed({
    ...twoParty(
      'fig12',
      'Figure 12: BET renewal (AR1 renews with AR2)',
      "AR1, the MN's current AR, sends HI(r) to AR2 (the aAR) before the BET expires; AR2 answers HACK(r) with the shorter lifetime (§3.4.1).",
      {
        mn: { capabilitiesKnown: true }, // the figure begins after the §4.1 exchange (I-34)
        oAR: { betLifetimeS: 2 },
        nAR: { betLifetimeS: 2, triggers: NO_ST },
        durationUs: 6_000_000,
        path: [
          { t: 0, x: 100, y: 150 },
          { t: 1_500_000, x: 400, y: 150 },
        ],
      },
    ),
  }),
  twoParty(
    'beth-term-expiry',
    'BET termination: lifetime expiry without renewal',
    '§3.4.1: no renewal signal, the aAR terminates the BET at its lifetime; §3.5.1: the current AR first tells the MN to obtain a nCoA.',
    {
      oAR: { betLifetimeS: 2 },
      nAR: { betLifetimeS: 2, betRenew: false, triggers: NO_ST },
      durationUs: 6_000_000,
      path: [
        { t: 0, x: 100, y: 150 },
        { t: 1_500_000, x: 400, y: 150 },
      ],
    },
  ),
  twoParty(
    'beth-term-refused',
    'BET end of life: the aAR refuses the renewal',
    '§3.5.1 sub-case 1: the current AR tells the MN (RA) to obtain a nCoA; the MN does §3.5.2 and tears the BET down with a BU to the aAR.',
    {
      oAR: { betLifetimeS: 3, betGrant: false },
      nAR: { betLifetimeS: 3, triggers: NO_ST },
      timers: { dadUs: 300_000 },
      durationUs: 6_000_000,
      path: [
        { t: 0, x: 100, y: 150 },
        { t: 1_500_000, x: 400, y: 150 },
      ],
    },
  ),
  twoParty(
    'beth-term-ncoa',
    'BET termination: the MN decides to obtain a nCoA',
    '§3.5.2: RS, address configuration, BUs with the A bit to the HA and the CN, then the BU to the aAR that tears the tunnel down.',
    {
      nAR: { triggers: NO_ST },
      mn: { obtainNcoaAfterUs: 500_000 },
      timers: { dadUs: 300_000 },
      durationUs: 5_000_000,
    },
  ),
  threeParty(
    'beth-term-third',
    'BET termination: the MN moves to a third AR',
    "§3.2 teardown 3 / §3.4: the oAR's end of the BET ends with the HI(r) lifetime 0; the aAR re-anchors it at the nAR.",
    {
      nAR: { triggers: NO_ST },
    },
  ),
  {
    id: 'beth-mosaic',
    title: 'A mosaic of coverage areas (§4)',
    description:
      'Anticipated (A1) → tunnel-based (B1, B2) → anticipated (A2) → standard Mobile IPv6 only (S1) → anticipated (A3): the capability exchange after each CoA (§4.1), the boundary notices and switches in both directions (§4.3.1, §4.3.2), the reversion when no PrRtAdv comes (§4.2).',
    durationUs: 9_000_000,
    width: 1300,
    height: 300,
    ha: HA,
    cn: CN,
    routers: [
      router('A1', 100, 4, { beth: false }),
      router('B1', 300, 5),
      router('B2', 500, 6),
      router('A2', 700, 7, { beth: false }),
      router('S1', 900, 8, { beth: false, fast: false }),
      router('A3', 1100, 9, { beth: false }),
    ],
    links: mesh(['A1', 'B1', 'B2', 'A2', 'S1', 'A3']),
    mobiles: [
      mn(
        [
          { t: 0, x: 60, y: 150 },
          { t: 8_000_000, x: 1160, y: 150 },
        ],
        { initiation: 'mobile' },
      ),
    ],
    traffic: TRAFFIC,
    timers: { dadUs: 300_000 },
    radio: { leadUs: 150000 },
  },
  twoParty(
    'beth-std-mn',
    'A standard-only MN in a fast-handover network (§4.2)',
    'The MN speaks only Mobile IPv6: it never answers the PrRtAdv with an F-BU, so each AR marks it standard-only and suppresses fast signalling the next time.',
    {
      oAR: { beth: false },
      nAR: { beth: false },
      mn: { mode: 'mipv6', initiation: 'network' },
      path: [
        { t: 0, x: 100, y: 150 },
        { t: 1_500_000, x: 400, y: 150 },
        { t: 3_000_000, x: 100, y: 150 },
        { t: 4_500_000, x: 400, y: 150 },
      ],
      durationUs: 5_000_000,
    },
  ),
  twoParty(
    'beth-attacker-open',
    "Attacker: a forged F-BU diverts the MN's traffic (no security associations)",
    "§8.1/§8.2.2: with no security associations the routers believe forgeries. At 0 ms the MN learns its router's capabilities (RtSolPr, PrRtAdv code 1, §4.1). At 2.2 s the attacker X sends an F-BU naming the MN's oCoA: the oAR, anchoring the BET, tunnels the MN's traffic to X. At 2.6 s X sends an HI [R] with lifetime 0: the oAR tears down the MN's tunnels (§3.4.1) and the MN is cut off.",
    {
      nAR: { triggers: NO_ST },
      security: {
        associations: false,
        attacks: ATTACKS,
      },
      extraMobiles: [ATTACKER],
    },
  ),
  twoParty(
    'beth-attacker-secured',
    'Attacker: forged F-BU and HI rejected (security associations on)',
    "§8: HI/HACK/HTT carry an AH under the AR–AR SA and the F-BU is authenticated under the MN–AR SA. At 0 ms the MN learns its router's capabilities (RtSolPr, PrRtAdv code 1, §4.1). The attacker X's forged F-BU at 2.2 s and HI [R] at 2.6 s are dropped, traced and counted; routing is unchanged.",
    {
      nAR: { triggers: NO_ST },
      security: {
        associations: true,
        attacks: ATTACKS,
      },
      extraMobiles: [ATTACKER],
    },
  ),
  twoParty(
    'beth-l2-tamper',
    'Tampered layer-2 trigger detected (§8.2.1)',
    "The L2-TT at the nAR names another MN's link-layer address: when the real MN arrives, the nAR sees the mismatch, traces it and does not deliver.",
    {
      oAR: { triggers: NO_ST },
      nAR: { triggers: NO_ST },
      security: {
        associations: true,
        attacks: [{ node: 'X', atUs: 0, forge: 'L2-TT', victim: 'MN', to: 'nAR', lla: '02:00:00:00:00:66' }],
      },
    },
  ),
];
