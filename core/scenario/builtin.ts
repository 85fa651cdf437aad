// Built-in scenarios: one per figure of §3.1 (fig1–fig4, nodes named as in the figures), standard
// Mobile IPv6 on the same movement, and one per error case of §3.1 and §6. Plain data, validated
// like any file (docs/scenarios.md).

import { BETH_SCENARIOS } from './beth.ts';

type Obj = Record<string, unknown>;

const HA = { name: 'HA', address: '2001:db8:ffff::1', homePrefix: '2001:db8:ffff::/64' };
const CN = { name: 'CN', address: '2001:db8:cccc::1' };

/** Two cells side by side (oAR, nAR) with a 40 m overlap; the MN crosses at 100 m/s. */
function twoCells(over: {
  id: string;
  title: string;
  description: string;
  mn?: Obj;
  oAR?: Obj;
  nAR?: Obj;
  timers?: Obj;
  radio?: Obj;
  links?: Obj[];
  path?: Obj[];
  durationUs?: number;
}): Obj {
  return {
    id: over.id,
    title: over.title,
    description: over.description,
    durationUs: over.durationUs ?? 3_500_000,
    width: 520,
    height: 300,
    ha: HA,
    cn: CN,
    routers: [
      {
        name: 'oAR',
        x: 150,
        y: 150,
        radius: 120,
        lla: '02:00:00:00:01:01',
        prefix: '2001:db8:1::/64',
        ...(over.oAR ?? {}),
      },
      {
        name: 'nAR',
        x: 350,
        y: 150,
        radius: 120,
        lla: '02:00:00:00:02:01',
        prefix: '2001:db8:2::/64',
        ...(over.nAR ?? {}),
      },
    ],
    links: over.links ?? [
      { a: 'oAR', b: 'nAR', delayUs: 2000, bandwidthBps: 100e6 },
      { a: 'HA', b: 'oAR', delayUs: 10000, bandwidthBps: 100e6 },
      { a: 'HA', b: 'nAR', delayUs: 10000, bandwidthBps: 100e6 },
      { a: 'CN', b: 'HA', delayUs: 15000, bandwidthBps: 100e6 },
    ],
    mobiles: [
      {
        name: 'MN',
        x: 100,
        y: 150,
        lla: '02:00:00:00:00:10',
        iid: '::10',
        mode: 'fast',
        initiation: 'mobile',
        path: over.path ?? [
          { t: 0, x: 100, y: 150 },
          { t: 3_000_000, x: 400, y: 150 },
        ],
        ...(over.mn ?? {}),
      },
    ],
    traffic: [
      { dir: 'down', mn: 'MN', intervalUs: 20000, payloadBytes: 160 },
      { dir: 'up', mn: 'MN', intervalUs: 20000, payloadBytes: 160 },
    ],
    timers: over.timers ?? {},
    radio: over.radio ?? {},
  };
}

export const BUILTIN: Obj[] = [
  twoCells({
    id: 'fig1',
    title: 'Figure 1: network-initiated handover, stateless nCoA',
    description:
      'The oAR learns where the MN goes (L2-ST), sends the PrRtAdv and the HI at once (§3.1.3). On the new link the MN sends an NA, not the F-NA the figure draws: the F-BACK already came on the old link (§3.1.1); fig1-fna is the figure as drawn.',
    mn: { initiation: 'network' },
  }),
  twoCells({
    id: 'fig2',
    title: 'Figure 2: network-determined handover, stateful nCoA',
    description: 'HI(S) and HACK with the nCoA precede the PrRtAdv (§3.1.4).',
    mn: { initiation: 'network' },
    nAR: { caps: { stateful: true } },
  }),
  twoCells({
    id: 'fig3',
    title: 'Figure 3: mobile-initiated handover',
    description:
      'The MN has the predictive information and sends a RtSolPr (§3.1.6). On the new link it sends an NA, not the F-NA the figure draws: the F-BACK already came on the old link (§3.1.1); fig3-fna is the figure as drawn.',
  }),
  {
    id: 'fig4',
    title: 'Figure 4: anticipated three-party handover',
    description:
      'Two handovers; the figure is the second. First (0.5 s, not in the figure) the MN moves from the aAR to the oAR and keeps its aCoA: the nCoA there is in use, so the HACK says code 2 and the F-BACK status 1, on purpose (§6.1.1). Then (1.3 s) it moves on to the nAR before completing a new CoA: the F-BU goes to the aAR, which moves the tunnel (§3.1.7). The PrRtAdv leaves with the HI, as in Figure 3 (§3.1.3), where Figure 4 draws it after the HACK. The MN sends an NA on the new link where the figure draws an F-NA (§3.1.1); fig4-fna is the figure as drawn.',
    durationUs: 3_000_000,
    width: 700,
    height: 300,
    ha: HA,
    cn: CN,
    routers: [
      { name: 'aAR', x: 100, y: 150, radius: 120, lla: '02:00:00:00:03:01', prefix: '2001:db8:3::/64' },
      {
        name: 'oAR',
        x: 300,
        y: 150,
        radius: 120,
        lla: '02:00:00:00:01:01',
        prefix: '2001:db8:1::/64',
        caps: { occupied: ['2001:db8:1::10'] },
      },
      { name: 'nAR', x: 500, y: 150, radius: 120, lla: '02:00:00:00:02:01', prefix: '2001:db8:2::/64' },
    ],
    links: [
      { a: 'aAR', b: 'oAR', delayUs: 2000, bandwidthBps: 100e6 },
      { a: 'oAR', b: 'nAR', delayUs: 2000, bandwidthBps: 100e6 },
      { a: 'aAR', b: 'nAR', delayUs: 3000, bandwidthBps: 100e6 },
      { a: 'HA', b: 'aAR', delayUs: 10000, bandwidthBps: 100e6 },
      { a: 'HA', b: 'oAR', delayUs: 10000, bandwidthBps: 100e6 },
      { a: 'HA', b: 'nAR', delayUs: 10000, bandwidthBps: 100e6 },
      { a: 'CN', b: 'HA', delayUs: 15000, bandwidthBps: 100e6 },
    ],
    mobiles: [
      {
        name: 'MN',
        x: 60,
        y: 150,
        lla: '02:00:00:00:00:10',
        iid: '::10',
        mode: 'fast',
        initiation: 'mobile',
        path: [
          { t: 0, x: 60, y: 150 },
          { t: 2_200_000, x: 610, y: 150 },
        ],
      },
    ],
    traffic: [
      { dir: 'down', mn: 'MN', intervalUs: 20000, payloadBytes: 160 },
      { dir: 'up', mn: 'MN', intervalUs: 20000, payloadBytes: 160 },
    ],
    timers: {},
    radio: { leadUs: 150000 },
  },
  twoCells({
    id: 'mipv6',
    title: 'Standard Mobile IPv6 on the Figure 3 movement',
    description: 'Movement detection from RAs (30–70 ms), DAD (1 s), BU/BACK to the HA and the CN.',
    mn: { mode: 'mipv6' },
  }),
  twoCells({
    id: 'mipv6-rs',
    title: 'Standard Mobile IPv6 with router solicitation',
    description: 'As mipv6, but the MN solicits an RA on link-up (§4.3.1).',
    mn: { mode: 'mipv6' },
    timers: { movementDetection: 'rs' },
  }),
  twoCells({
    id: 'prrtadv-code1',
    title: 'PrRtAdv code 1: the next access point is on the same router',
    description: 'AP2 is bridged to oAR: no CoA change (§3.1.1 case 2, §5.1.2).',
    nAR: { name: 'AP2', lla: '02:00:00:00:01:02', apOf: 'oAR', prefix: undefined },
    links: [
      { a: 'HA', b: 'oAR', delayUs: 10000, bandwidthBps: 100e6 },
      { a: 'CN', b: 'HA', delayUs: 15000, bandwidthBps: 100e6 },
    ],
  }),
  twoCells({
    id: 'prrtadv-code2',
    title: 'PrRtAdv code 2: unknown attachment point, fall back to Mobile IPv6',
    description: 'The oAR does not know the nAR (§3.1.1 case 1); the MN gives up fast handover (§5.1.2).',
    oAR: { caps: { neighbors: [] } },
  }),
  twoCells({
    id: 'err-rtsolpr-retry',
    title: 'RtSolPr lost twice, resent after max(2×RTT, 100 ms)',
    description: '§5.1.1: resend once or at most twice.',
    oAR: { caps: { loseFirst: [{ msg: 'RtSolPr', count: 2 }] } },
    radio: { leadUs: 400000 },
  }),
  twoCells({
    id: 'err-rtsolpr-fail',
    title: 'RtSolPr never answered: standard Mobile IPv6',
    description: '§5.1.1/§4.2: after two resends the MN reverts to standard Mobile IPv6.',
    oAR: { caps: { loseFirst: [{ msg: 'RtSolPr', count: 3 }] } },
    radio: { leadUs: 400000 },
  }),
  twoCells({
    id: 'err-hi-retry',
    title: 'HI lost twice, resent',
    description: '§5.2.1: the HI is resent up to 4 times.',
    nAR: { caps: { loseFirst: [{ msg: 'HI', count: 2 }] } },
  }),
  twoCells({
    id: 'err-hi-fail',
    title: 'HI never answered: no fast handover',
    description:
      '§5.2.1: after 4 resends, no fast handover; the F-BU is refused (F-BACK 128) and the MN uses standard MIPv6.',
    nAR: { caps: { loseFirst: [{ msg: 'HI', count: 5 }] } },
  }),
  twoCells({
    id: 'err-fbu-retry',
    title: 'F-BU lost: F-NA, then the F-BU resent from the new link',
    description: '§3.1.1 error 2, §3.1.8, §3.1.9: no F-BACK — send the F-NA and re-send the F-BU.',
    oAR: { caps: { loseFirst: [{ msg: 'F-BU', count: 1 }] } },
  }),
  twoCells({
    id: 'err-ncoa-invalid',
    title: 'nCoA in use at the nAR: oCoA kept through the tunnel (DAD handling)',
    description:
      '§3.1.5, §6.1.1: HACK code 2, host route and reverse tunnel at the nAR, F-BACK status 1 tunnelled; DAD for a new nCoA.',
    nAR: { caps: { occupied: ['2001:db8:2::10'] } },
  }),
  twoCells({
    id: 'err-stateful-fail',
    title: 'Stateful nCoA not assigned (HACK code 4)',
    description: '§3.1.5, §5.2.2: the nAR cannot assign a nCoA; the oAR tunnels to the oCoA at the nAR.',
    mn: { initiation: 'network' },
    nAR: { caps: { stateful: true, poolExhausted: true } },
  }),
  twoCells({
    id: 'err-hack-refused',
    title: 'Handover refused (HACK code 128)',
    description: '§5.2.2: the nAR refuses; the F-BU gets F-BACK 128 and the MN falls back to standard MIPv6.',
    nAR: { caps: { hackCode: 128 } },
  }),
  twoCells({
    id: 'second-iface',
    title: 'Handover to a second interface (§3.5.2)',
    description:
      "The MN's second radio sees the nAR while the first is still on the oAR: RtSolPr naming the nAR, HI/HACK, PrRtAdv; the home address moves to the new interface, F-BU and F-NA from it; no layer-2 break.",
    mn: { interfaces: 2 },
  }),
  twoCells({
    id: 'err-pingpong',
    title: 'Ping-pong: back to the oAR before the bindings are updated',
    description:
      '§6.1.2: the MN returns and sends a BU with Home Address = oCoA and lifetime 0 to the oAR, which drops the tunnel.',
    links: [
      { a: 'oAR', b: 'nAR', delayUs: 2000, bandwidthBps: 100e6 },
      { a: 'HA', b: 'oAR', delayUs: 300000, bandwidthBps: 100e6 },
      { a: 'HA', b: 'nAR', delayUs: 300000, bandwidthBps: 100e6 },
      { a: 'CN', b: 'oAR', delayUs: 10000, bandwidthBps: 100e6 },
      { a: 'CN', b: 'nAR', delayUs: 10000, bandwidthBps: 100e6 },
    ],
    path: [
      { t: 0, x: 200, y: 150 },
      { t: 900_000, x: 290, y: 150 },
      { t: 1_200_000, x: 150, y: 150 },
    ],
    durationUs: 2_500_000,
  }),
  twoCells({
    id: 'err-erroneous',
    title: 'Erroneous movement: the predicted move does not happen',
    description:
      '§6.1.2: the MN heads for the nAR, then turns back; its BU (lifetime 0) to the oAR stops the forwarding.',
    path: [
      { t: 0, x: 150, y: 150 },
      { t: 1_100_000, x: 262, y: 150 },
      { t: 1_400_000, x: 150, y: 150 },
    ],
    durationUs: 2_500_000,
    radio: { leadUs: 300000, predict: 'heading' },
  }),
  twoCells({
    id: 'err-tunnel-lifetime',
    title: 'Temporary tunnel lifetime shorter than the nCoA set-up',
    description:
      '§6.1.2: the oCoA tunnel (1 s) expires before the new CoA is registered (DAD 1.5 s); packets are lost in between.',
    nAR: { caps: { occupied: ['2001:db8:2::10'] } },
    timers: { tunnelLifetimeS: 1, dadUs: 1_500_000 },
    durationUs: 4_000_000,
  }),
];

/**
 * Figures 1, 3 and 4 as the draft draws them. The figures show an F-NA after the MN attaches to
 * the nAR, but §3.1.1 says the MN sends a standard NA when it already has the F-BACK, an F-NA when
 * it has not (docs/draft-inconsistencies.md I-31). In the figure scenarios the MN stays long
 * enough on the old link to get the F-BACK, so the lab shows an NA. In these variants the layer-2
 * handover comes right after the F-BU ("The protocol works in the limit if the MN moves
 * immediately after it sends the F-BU without receiving the F-BACK", §3.1.1): the lead time of the
 * prediction is cut to a few milliseconds, the F-BACK misses the old link, and the F-NA appears
 * where the figure draws it. Nothing else changes.
 */
function asDrawn(id: string, leadUs: number, figure: string): Obj {
  const s = structuredClone(BUILTIN.find((x) => x.id === id)!);
  return {
    ...s,
    id: `${id}-fna`,
    title: `${figure} as drawn: the MN leaves right after the F-BU, so it sends the F-NA`,
    description: `${figure} with a ${leadUs / 1000} ms prediction: the MN loses the old link after sending the F-BU and before the F-BACK, so it announces itself on the new link with an F-NA, as the figure draws it (§3.1.1; compare ${id}, where the F-BACK arrives first and the MN sends an NA).`,
    radio: { ...((s.radio as Obj | undefined) ?? {}), leadUs },
  };
}
BUILTIN.splice(
  BUILTIN.findIndex((x) => x.id === 'fig4') + 1,
  0,
  asDrawn('fig1', 3500, 'Figure 1'),
  asDrawn('fig3', 4500, 'Figure 3'),
  asDrawn('fig4', 4000, 'Figure 4'),
);

// Tunnel-based handover, §4 and §8 (core/scenario/beth.ts).
BUILTIN.push(...BETH_SCENARIOS);

export function builtinIds(): string[] {
  return BUILTIN.map((s) => s.id as string);
}

/** A fresh copy of a built-in scenario: callers may change it without touching the table. */
export function builtin(id: string): Obj | undefined {
  const s = BUILTIN.find((x) => x.id === id);
  return s === undefined ? undefined : structuredClone(s);
}
