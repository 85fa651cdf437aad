// Code points for the draft's messages and options.
//
// draft-ietf-mobileip-fast-mipv6-04 leaves every type "TBA"/"TBD". We pick values no deployed
// protocol uses, so a capture of this lab is never mistaken for RFC 5568 (FMIPv6, ICMPv6 154)
// or for the Experimental Mobility Protocol (ICMPv6 150). The same table is in
// docs/codepoints.md and core/wire/codepoints.ts; a unit test checks the three agree.
//
// ICMPv6 message types: the private-experimentation values (200, 201) are two, we need five,
// so all five come from the unassigned range 162–199 (IANA ICMPv6 "Type" registry).
export const ICMP6_RTSOLPR: u8 = 170; // §5.1.1 Router Solicitation for Proxy
export const ICMP6_PRRTADV: u8 = 171; // §5.1.2 Proxy Router Advertisement
export const ICMP6_FNA: u8 = 172; // §5.1.3 Fast Neighbor Advertisement
export const ICMP6_HI: u8 = 173; // §5.2.1 Handover Initiate (HTT: H and T both set, §5.2.3)
export const ICMP6_HACK: u8 = 174; // §5.2.2 Handover Acknowledgement (HTT reply: H and T set)

// Standard ICMPv6 / ND (RFC 2463, RFC 2461).
export const ICMP6_RS: u8 = 133;
export const ICMP6_RA: u8 = 134;
export const ICMP6_NS: u8 = 135;
export const ICMP6_NA: u8 = 136;

// New ICMP options of §5.4: the ND option private-experimentation values (253, 254) are two,
// we need five, so all come from the unassigned ND option range.
export const OPT_IP_ADDRESS: u8 = 230; // §5.4.1
export const OPT_LLA: u8 = 231; // §5.4.2
export const OPT_LIFETIME: u8 = 232; // §5.4.3
export const OPT_NAACK: u8 = 233; // §5.4.4
export const OPT_HO_CAPS: u8 = 234; // §5.4.5

// Standard ND options (RFC 2461 §4.6).
export const OPT_SLLA: u8 = 1;
export const OPT_TLLA: u8 = 2;
export const OPT_PREFIX_INFO: u8 = 3;

// Sub-types of the IP Address option (§5.4.1) and the LLA option (§5.4.2).
export const IPADDR_OLD_COA: u8 = 1;
export const IPADDR_NEW_COA: u8 = 2;
export const LLA_NEW_AP: u8 = 1;
export const LLA_MN: u8 = 2;
export const LLA_PROXIED_ORIGINATOR: u8 = 3;
// HTT (§5.2.3) carries "IP Address Option containing aAR's Address" but §5.4.1 defines only
// sub-types 1 and 2: we use 3 (docs/draft-inconsistencies.md). The aAR's LLA uses LLA sub-type 3.
export const IPADDR_AAR: u8 = 3;
// §3.3 steps 2a/3a: the HI(H) and HACK(T) "MUST contain ... an IP address option containing the
// MN's home address", which §5.4.1 gives no sub-type: we use 4 (docs/draft-inconsistencies.md).
export const IPADDR_HOME: u8 = 4;
// §5.4.4 NAACK sub-type.
export const NAACK_SUBTYPE: u8 = 0;
// The Lifetime option's sub-type is "TBD" in §5.4.3; we use 1.
export const LIFETIME_SUBTYPE_TUNNEL: u8 = 1;

// HI flags (§5.2.1): the first byte after the Identifier, most significant bit first.
export const HI_S: u8 = 0x80;
export const HI_U: u8 = 0x40;
export const HI_H: u8 = 0x20;
export const HI_T: u8 = 0x10;
export const HI_R: u8 = 0x08;
// HACK flags (§5.2.2).
export const HACK_H: u8 = 0x80;
export const HACK_T: u8 = 0x40;
export const HACK_R: u8 = 0x20;

// RA flags (RFC 2461 §4.2), NA / F-NA flags (RFC 2461 §4.4, §5.1.3), Prefix Information flags.
export const RA_M: u8 = 0x80;
export const RA_O: u8 = 0x40;
export const NA_R: u8 = 0x80;
export const NA_S: u8 = 0x40;
export const NA_O: u8 = 0x20;
export const PI_L: u8 = 0x80;
export const PI_A: u8 = 0x40;

// Destination options (RFC 2460 §4.2). The two high bits are the action for a node that does
// not recognise the type, the third bit says whether the data may change en route.
export const DOPT_PAD1: u8 = 0x00;
export const DOPT_PADN: u8 = 0x01;
// §5.3.1 F-BU: action 11 (discard, ICMP Parameter Problem unless multicast), no change:
// the RFC 4727 experimental value with those bits.
export const DOPT_FBU: u8 = 0xde;
// §5.3.2 F-BACK: action 00 (skip), no change: the RFC 4727 experimental value 0x1E.
export const DOPT_FBACK: u8 = 0x1e;
// [MIPv6] draft-12 Binding Update: 0xC6 as in draft-12 (11 0 00110), unassigned today.
export const DOPT_BU: u8 = 0xc6;
// [MIPv6] draft-12 Binding Acknowledgement was 7, now CALIPSO (RFC 5570): we use 0x06
// (00 0 00110, skip, no change), unassigned, shown by Wireshark 4.0 as "Unknown".
export const DOPT_BACK: u8 = 0x06;
// [MIPv6] Home Address option, 201 (0xC9), as every version of Mobile IPv6: Wireshark decodes it.
export const DOPT_HOME_ADDRESS: u8 = 0xc9;

// Sub-options of the (Fast) Binding Update / Acknowledgement ([MIPv6] draft-12 §5.5).
export const SUBOPT_PAD1: u8 = 0;
export const SUBOPT_PADN: u8 = 1;
export const SUBOPT_UNIQUE_ID: u8 = 2;
export const SUBOPT_ALT_COA: u8 = 4;

// F-BU first octet (drawn "Reserved"): we read its high bit as the A bit of §5.3.2.
export const FBU_A: u8 = 0x80;
// BU flags ([MIPv6] draft-12): Acknowledge, Home registration, Router, Duplicate address detection.
export const BU_A: u8 = 0x80;
export const BU_H: u8 = 0x40;
export const BU_R: u8 = 0x20;
export const BU_D: u8 = 0x10;

// IPv6 next-header values.
export const NH_HOPOPTS: u8 = 0;
export const NH_IPV6: u8 = 41; // RFC 2473 encapsulation
export const NH_UDP: u8 = 17;
export const NH_ICMPV6: u8 = 58;
export const NH_NONE: u8 = 59;
export const NH_DSTOPTS: u8 = 60;
export const NH_AH: u8 = 51; // RFC 2402 Authentication Header (§8, docs/security.md)
