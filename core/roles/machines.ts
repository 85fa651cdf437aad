// The roles' protocol machines as tables (issue 10): for each machine, its states, where it starts,
// and every transition it may take — one row per (state, input) — with the section of the draft
// that makes it and the reason in words. The roles report each change of phase through
// `Net.state` (core/roles/net.ts), which the world traces as a `state` record; the world checks
// every one against this table (`transitionRow`), so a transition a role takes that is not a row
// here is a model violation, found by the tests over every built-in scenario and by the soak.
// The page's State panel draws each machine from its table with the current state marked.
//
// A machine's trace name is `KIND` or `KIND:instance` (e.g. `oAR:02:00:00:00:00:10`, one per MN
// the router hands over; `BETH-anchor:MN`); the table is per KIND. BETH's anchor names the AR its
// BET leads to ("to nAR"): as a class, that state is "to AR".

export interface Transition {
  /** The state it leaves, or '*': any state. */
  from: string;
  to: string;
  /** The input, in words: a message, a named timer or a layer-2 trigger. */
  on: string;
  /** The section of the draft (or the RFC) that makes the node do it. */
  section: string;
  /** Why, in a sentence. */
  why: string;
}

export interface MachineTable {
  kind: string;
  /** Which node runs it. */
  node: string;
  title: string;
  initial: string;
  states: readonly string[];
  rows: readonly Transition[];
}

const t = (from: string, to: string, on: string, section: string, why: string): Transition => ({
  from,
  to,
  on,
  section,
  why,
});

const MN: MachineTable = {
  kind: 'MN',
  node: 'MN',
  title: 'the mobile node’s handover (anticipated, §3.1; tunnel-based, §3.2; standard Mobile IPv6)',
  initial: 'detached',
  states: ['detached', 'attached', 'soliciting', 'prepared', 'moving', 'announcing', 'detecting', 'dad', 'binding'],
  rows: [
    t('detached', 'attached', 'start of the run', '[MIPv6]', 'the MN starts attached with its binding in place'),
    t(
      'attached',
      'soliciting',
      'predictive information (L2)',
      '§3.1.6',
      'it sends a RtSolPr for the AP it will move to',
    ),
    t('attached', 'soliciting', 'second interface', '§3.5.2', 'an AR found on the second interface: RtSolPr naming it'),
    t('binding', 'soliciting', 'predictive information (L2)', '§3.1.6', 'a new move before the BACK: RtSolPr'),
    t('dad', 'soliciting', 'predictive information (L2)', '§3.1.6', 'a new move during DAD: RtSolPr'),
    t('soliciting', 'soliciting', 'RtSolPr timer', '§5.1.1', 'no PrRtAdv yet: the RtSolPr is resent'),
    t('soliciting', 'prepared', 'PrRtAdv code 0', '§3.1.3', 'the PrRtAdv gives the nCoA: F-BU to the oAR'),
    t('attached', 'prepared', 'PrRtAdv code 0', '§3.1.3', 'network-initiated: the PrRtAdv comes unasked'),
    t('binding', 'prepared', 'PrRtAdv code 0', '§3.1.3', 'a PrRtAdv for a further move'),
    t('dad', 'prepared', 'PrRtAdv code 0', '§3.1.3', 'a PrRtAdv for a further move'),
    t('soliciting', 'attached', 'PrRtAdv code 1 or 2', '§5.1.2', 'same router, or the fast handover is abandoned'),
    t('attached', 'attached', 'PrRtAdv code 2', '§5.1.2', 'the fast handover is abandoned: standard Mobile IPv6'),
    t('binding', 'attached', 'PrRtAdv code 2', '§5.1.2', 'the fast handover is abandoned: standard Mobile IPv6'),
    t('dad', 'attached', 'PrRtAdv code 2', '§5.1.2', 'the fast handover is abandoned: standard Mobile IPv6'),
    t('soliciting', 'attached', 'RtSolPr resends used up', '§4.2', 'no PrRtAdv: the router is standard-only'),
    t('prepared', 'attached', 'F-BACK timer', '§6.1.2', 'the predicted move did not happen: binding cancelled'),
    // The link can go down in any phase: a layer-2 handover starts whatever the MN was doing.
    t('*', 'moving', 'L2-LD', '§3.2.1 Table 1', 'the link is down: layer-2 handover'),
    t('moving', 'binding', 'L2-LU, F-BACK already received', '§3.1.3', 'the F-BACK came on the old link: NA and BU'),
    t('moving', 'binding', 'L2-LU on the oAR', '§6.1.2', 'ping-pong: back on the oAR, BU lifetime 0 to it'),
    t('moving', 'announcing', 'L2-LU, no F-BACK yet', '§3.1.8', 'on the nAR with no F-BACK: F-NA (and F-BU)'),
    t('prepared', 'announcing', 'L2-LU', '§3.1.8', 'on the nAR before the F-BACK: F-NA'),
    t('announcing', 'announcing', 'F-BU timer', '§3.1.8', 'no F-BACK on the new link: the F-BU is resent'),
    t('announcing', 'binding', 'F-BACK or NAACK status 0', '§3.1.3, §5.4.4', 'the nCoA is confirmed: BU to the HA'),
    t('announcing', 'dad', 'NAACK or F-BACK status 1', '§6.1.1', 'the nCoA is in use: DAD for another'),
    t('announcing', 'dad', 'NAACK status 128', '§5.4.4', 'the nAR says to acquire a nCoA'),
    t('announcing', 'detecting', 'F-NA unanswered', '[MIPv6]', 'no answer to the F-NA: movement detection'),
    t('moving', 'attached', 'L2-LU on the CoA’s own router', '§6.1.2', 'back on the router of its CoA: nothing to do'),
    t(
      'moving',
      'attached',
      'L2-LU with a BET',
      '§3.2, §3.3 step 4c',
      'tunnel-based: the CoA is kept, no layer-3 signalling',
    ),
    t('moving', 'detecting', 'L2-LU (standard Mobile IPv6)', '[MIPv6]', 'movement detection: wait for an RA'),
    t('moving', 'detecting', 'L2-LU in a standard-only area', '§4.3.1', 'an RS at L2-LU'),
    t('attached', 'detecting', 'BET end of life', '§3.5.1', 'the AR says the BET ends: RS for a new prefix'),
    t('attached', 'detecting', 'MN decision', '§3.5.2', 'time to obtain a nCoA: RS'),
    t('detecting', 'dad', 'RA with a new prefix', '[MIPv6]', 'movement detected: DAD for the new CoA'),
    t('detecting', 'attached', 'RA with the same prefix', '[MIPv6]', 'no movement'),
    t('dad', 'dad', 'NA for the address tested', 'RFC 2462', 'the address is in use: try another'),
    t('dad', 'binding', 'DAD timer', '[MIPv6]', 'DAD done: BU to the HA and the CN'),
    t('binding', 'attached', 'BACK from the HA', '[MIPv6], §3.1.8', 'the binding is acknowledged: handover complete'),
  ],
};

const MECHANISM: MachineTable = {
  kind: 'MN-mechanism',
  node: 'MN',
  title: 'which handover mechanism the MN uses (§4)',
  initial: 'beth',
  states: ['beth', 'anticipated', 'mipv6'],
  rows: [
    t('mipv6', 'anticipated', 'capability exchange, code 0', '§4.1', 'the AR offers the anticipated handover'),
    t('beth', 'anticipated', 'capability exchange, code 0', '§4.1', 'the AR offers the anticipated handover'),
    t('beth', 'anticipated', 'boundary notice, code 0', '§4.3', 'the next AR is anticipated'),
    t('anticipated', 'beth', 'capability exchange, code 2', '§4.1', 'the AR offers BETH'),
    t('mipv6', 'beth', 'capability exchange, code 2', '§4.1', 'the AR offers BETH'),
    t('anticipated', 'mipv6', 'boundary notice, code 3', '§4.3', 'the next AR is standard-only'),
    t('beth', 'mipv6', 'capability RtSolPr unanswered', '§4.2', 'no answer: standard Mobile IPv6'),
  ],
};

const CAPS: MachineTable = {
  kind: 'caps',
  node: 'AR',
  title: 'what an AR knows of an MN’s abilities (§4.2)',
  initial: 'unknown',
  states: ['unknown', 'mipv6'],
  rows: [
    t('unknown', 'mipv6', 'PrRtAdv never answered by an F-BU', '§4.2', 'a standard-only MN'),
    t('mipv6', 'mipv6', 'a fast handover for it', '§4.2', 'a standard-only MN: fast signalling suppressed'),
  ],
};

const OAR: MachineTable = {
  kind: 'oAR',
  node: 'AR',
  title: 'the previous access router of an anticipated handover (§3.1)',
  initial: 'idle',
  states: ['idle', 'awaiting-hack', 'prepared', 'forwarding', 'failed'],
  rows: [
    t('idle', 'awaiting-hack', 'RtSolPr or L2-ST', '§3.1.3', 'HI to the nAR, PrRtAdv to the MN'),
    t('idle', 'awaiting-hack', 'RtSolPr or L2-ST, stateful nAR', '§3.1.4', 'HI(S); the PrRtAdv waits for the HACK'),
    t('*', 'awaiting-hack', 'a new RtSolPr or L2-ST', '§3.1.3, §3.1.4', 'a new handover (or a further move): HI again'),
    t('awaiting-hack', 'awaiting-hack', 'HI timer', '§5.2.1', 'no HACK yet: the HI is resent'),
    t('awaiting-hack', 'awaiting-hack', 'F-BU before the HACK', '§5.3.2', 'the F-BACK waits for the HACK'),
    t('awaiting-hack', 'prepared', 'HACK accepted', '§3.1.3', 'prepared, waiting for the F-BU'),
    t('awaiting-hack', 'failed', 'HACK code 128', '§5.2.2', 'the nAR refused the handover'),
    t('awaiting-hack', 'failed', 'HI resends used up', '§5.2.1', 'no answer: no fast handover'),
    t('prepared', 'forwarding', 'F-BU', '§3.1.3', 'F-BACK; packets for the oCoA go to the nCoA'),
    t('prepared', 'forwarding', 'F-BU, nCoA not valid', '§3.1.5', 'F-BACK; packets go to the nAR in a tunnel'),
    t('idle', 'forwarding', 'F-BU from further on', '§3.1.7', 'the anchor moves its tunnel to the nCoA'),
    t('forwarding', 'forwarding', 'L2-LD', '§3.1.3', 'the routing change happens now'),
    t(
      'forwarding',
      'idle',
      'tunnel lifetime timer, or the MN back on-link',
      '§6.1.2',
      'the tunnel’s lifetime is over, or the MN’s address is on-link again',
    ),
    t('*', 'idle', 'BU lifetime 0', '§6.1.2', 'ping-pong: the handover (and its tunnel) is dropped'),
    t('forwarding', 'idle', 'F-BU from a third router', '§3.1.7', 'three-party handover: the anchor takes over'),
  ],
};

const NAR: MachineTable = {
  kind: 'nAR',
  node: 'AR',
  title: 'the new access router of an anticipated handover (§3.1)',
  initial: 'idle',
  states: ['idle', 'expecting', 'arrived'],
  rows: [
    t('idle', 'expecting', 'HI', '§3.1.3', 'HACK; the nCoA is checked and defended (or a host route for the oCoA)'),
    t('expecting', 'expecting', 'HI again', '§3.1.3', 'HACK again'),
    t('arrived', 'expecting', 'HI for a new handover', '§3.1.3', 'the MN is handed over again'),
    t('expecting', 'arrived', 'NA', '§3.1.1, §7', 'the MN is on the link: REACHABLE, buffered packets out'),
    t('expecting', 'arrived', 'F-NA', '§3.1.8, §7', 'the MN is on the link: REACHABLE, buffered packets out'),
    t('expecting', 'arrived', 'L2-LU', '§3.1.1', 'the MN is on the link'),
    t('expecting', 'idle', 'defence timer', '§5.2.2', 'the MN did not arrive'),
  ],
};

const BETH_HO: MachineTable = {
  kind: 'BETH-ho',
  node: 'AR',
  title: 'a BETH router’s side of one handover (§3.3, §3.4)',
  initial: 'idle',
  states: ['idle', 'src-wait', 'src-ready', 'tgt-wait', 'tgt-ready'],
  // A trigger or a message that starts a handover of the MN starts it from any step of one under
  // way (the MN moved on, or came back): those rows are from '*'.
  rows: [
    t('*', 'src-wait', 'L2-ST', '§3.3 step 2a', 'source trigger: HI(H) to the nAR'),
    t('*', 'src-wait', 'L2-ST, MN anchored elsewhere', '§3.4 step 2a', 'source trigger: HTT to the nAR'),
    t(
      '*',
      'idle',
      'L2-ST, no BET serving the MN here',
      '§3.3, §3.4 step 2a, §6.1.2',
      'the CoA is not ours and no BET brings it here: nothing to hand over',
    ),
    t('src-wait', 'src-ready', 'HACK', '§3.4.1', 'the BET’s lifetime is granted'),
    t('src-wait', 'idle', 'HI resends used up', '§5.2.1', 'no HACK: no tunnel-based handover'),
    t(
      'tgt-wait',
      'idle',
      'HI resends used up',
      '§5.2.1',
      'no HACK(T) from the oAR or the aAR: no tunnel-based handover',
    ),
    t('*', 'src-ready', 'HI(T)', '§3.3 step 3a', 'target trigger answered with a HACK(T)'),
    t('*', 'src-ready', 'HI(T), MN anchored elsewhere', '§3.4 step 2b', 'answered with an HTT'),
    t('src-ready', 'idle', 'L2-LD (or the HACK without one)', '§3.3 step 4a', 'the BET is placed'),
    t('src-ready', 'idle', 'L2-LD, not our CoA', '§3.2, §3.4 step 6', 'its own router delivers it'),
    t('src-ready', 'idle', 'L2-LD (or the HACK without one), lifetime 0', '§3.3 step 3a', 'no tunnel service: no BET'),
    t('*', 'idle', 'a tampered L2-TT named the MN', '§8.2.1', 'the handover state is dropped'),
    t(
      '*',
      'idle',
      'ping-pong (HI(R) lifetime 0)',
      '§3.3 step 6',
      'the handover is cancelled; delivering on the old link',
    ),
    t('*', 'tgt-wait', 'L2-TT', '§3.3 step 2b', 'target trigger: HI(T) to the oAR'),
    t('*', 'tgt-wait', 'HTT', '§3.4 step 3', 'HI(T) to the aAR'),
    t('tgt-wait', 'tgt-ready', 'HACK(T)', '§3.3 step 3a', 'from the oAR: expecting the MN'),
    t('tgt-wait', 'tgt-ready', 'HACK(T) from the aAR', '§3.4 step 3', 'expecting the MN'),
    t('tgt-wait', 'idle', 'HACK(T) lifetime 0', '§3.3 step 3a', 'tunnel service refused'),
    t('tgt-wait', 'idle', 'HTT from the oAR', '§3.4 step 2b', 'the MN is anchored elsewhere: ask its aAR'),
    t('*', 'tgt-ready', 'HI(H)', '§3.3 step 3b', 'expecting the MN'),
    t('*', 'tgt-ready', 'HI(H) or HTT for an MN we anchor', '§3.4 step 6', 'the nAR is the aAR'),
    t('tgt-ready', 'idle', 'L2-LU (or the HACK without one)', '§3.3 step 4b', 'the MN is here: delivering'),
  ],
};

const BETH_ANCHOR: MachineTable = {
  kind: 'BETH-anchor',
  node: 'AR',
  title: 'the BET from the router of the MN’s CoA (the anchor, §3.2, §3.4)',
  initial: 'none',
  states: ['none', 'to AR'],
  rows: [
    t('none', 'to AR', 'L2-LD (or the HACK without one)', '§3.3 step 4a', 'the BET is placed towards the nAR'),
    t(
      'to AR',
      'to AR',
      'HI(r) from the oAR, or a HACK(t)',
      '§3.4',
      'the BET moves to the router the MN is on (after a HACK(t), once the HI(r) comes)',
    ),
    t('to AR', 'to AR', 'renewal request', '§3.4.1', 'the BET is renewed'),
    t('to AR', 'to AR', 'renewal refused', '§3.5.1', 'the BET ends at its lifetime'),
    t(
      'to AR',
      'none',
      'BET lifetime timer, or HI(R) lifetime 0',
      '§3.4.1',
      'the BET’s lifetime is over, or it is terminated at once',
    ),
    t(
      'to AR',
      'none',
      'HI(r) from the oAR, or the MN back on its anchor',
      '§3.4 step 6',
      'direct delivery: the BET is torn down',
    ),
    t('to AR', 'none', 'ping-pong', '§3.3 step 6', 'the MN is back on the old link: BET cancelled'),
    t('to AR', 'none', 'BU with the nCoA', '§3.5.2, §3.2', 'the MN has a new CoA: the BET is torn down'),
    t('to AR', 'none', 'a tampered L2-TT named the MN', '§8.2.1', 'the BET is dropped'),
  ],
};

const BETH_SERVING: MachineTable = {
  kind: 'BETH-serving',
  node: 'AR',
  title: 'a router serving an MN whose CoA is elsewhere, over a BET (§3.2, §3.3)',
  initial: 'none',
  states: ['none', 'serving'],
  rows: [
    t(
      'none',
      'serving',
      'L2-LU of an MN with a BET',
      '§3.3 step 4b',
      'the MN is on our link: its packets come in the BET',
    ),
    t('serving', 'serving', 'a further BET for the MN', '§3.3 step 4b', 'the BET now comes from another router'),
    t('serving', 'serving', 'renewal granted', '§3.4.1', 'the BET is renewed'),
    t(
      'serving',
      'serving',
      'end of life near, or renewal refused',
      '§3.5.1',
      'the BET’s end of life is pending, with no renewal',
    ),
    t('serving', 'none', 'the MN moves to a third router', '§3.2', 'the reverse tunnel to the anchor ends'),
    t(
      'serving',
      'none',
      'BET lifetime timer, or HI(R) lifetime 0 from the anchor',
      '§3.4.1',
      'the BET’s lifetime is over, or it is terminated at once',
    ),
    t('serving', 'none', 'a tampered L2-TT named the MN', '§8.2.1', 'the reverse tunnel is dropped'),
  ],
};

const BETH_SECURITY: MachineTable = {
  kind: 'BETH-security',
  node: 'AR',
  title: 'a BETH router’s check of its layer-2 triggers (§8.2.1)',
  initial: 'trigger',
  states: ['trigger', 'mismatch'],
  rows: [t('trigger', 'mismatch', 'L2-TT for another MN', '§8.2.1', 'a tampered layer-2 trigger')],
};

const BINDING: MachineTable = {
  kind: 'binding',
  node: 'HA, CN',
  title: 'a binding of a home address at the HA or the CN ([MIPv6])',
  initial: 'none',
  states: ['none', 'bound'],
  rows: [
    t('none', 'bound', 'start of the run', '[MIPv6]', 'the initial registration'),
    t('bound', 'bound', 'BU', '[MIPv6]', 'the binding moves to the new CoA'),
    t('bound', 'none', 'BU lifetime 0', '[MIPv6]', 'the binding is removed'),
  ],
};

/** Every machine, by kind. */
export const MACHINES: Readonly<Record<string, MachineTable>> = Object.fromEntries(
  [MN, MECHANISM, CAPS, OAR, NAR, BETH_HO, BETH_ANCHOR, BETH_SERVING, BETH_SECURITY, BINDING].map((m) => [m.kind, m]),
);

/** The table a machine's trace name belongs to: `oAR:02:00:…` → `oAR`. */
export function machineKind(machine: string): string {
  const i = machine.indexOf(':');
  return i < 0 ? machine : machine.slice(0, i);
}

/** A state as its table names it: BETH's anchor "to nAR" is the class "to AR". */
export function stateClass(kind: string, state: string): string {
  return kind === 'BETH-anchor' && state.startsWith('to ') ? 'to AR' : state;
}

/** The state a machine is in before its first record. */
export function initialState(machine: string): string {
  return MACHINES[machineKind(machine)]?.initial ?? 'idle';
}

/**
 * The row of the table that a traced transition is, or undefined when it is none. A transition
 * whose reason names sections matches the row of the same states with the same sections, else the
 * one that names the reason's first section; one whose reason names none, the first row of the
 * same states.
 */
export function transitionRow(machine: string, from: string, to: string, section = ''): Transition | undefined {
  const m = MACHINES[machineKind(machine)];
  if (!m) return undefined;
  const f = stateClass(m.kind, from);
  const g = stateClass(m.kind, to);
  const same = m.rows.filter((r) => (r.from === f || r.from === '*') && r.to === g);
  if (same.length === 0 || section === '') return same[0];
  // The same sections; else the row that names the reason's first (its own rule's) section.
  const first = section.split(/,\s*/)[0]!;
  return same.find((r) => r.section === section) ?? same.find((r) => r.section.split(/,\s*/).includes(first));
}
