// The message descriptor: the value side of the codec. JavaScript writes a message's fields here
// (in PARAMS) before `emit`, and `parse` writes them back here. Fixed offsets, little-endian
// numbers, addresses as 16 raw octets. core/wire/codec.ts mirrors these constants.
//
//   0 kind u8 | 1 hop limit u8 | 2 code/status u8 | 3 flags u8 (wire position) |
//   4 identifier / sequence u16 | 6 option count u16 |
//   8 u32 A  lifetime (F-BU, F-BACK, BU, BACK) · reachable time (RA) · seq (DATA)
//  12 u32 B  refresh (BACK) · retrans timer (RA) · payload length (DATA)
//  16 u16 A  router lifetime (RA) · unique id (F-BU, BU) · source port (DATA)
//  18 u16 B  destination port (DATA)
//  20 u8  A  cur hop limit (RA) · prefix length (F-BU, BU)
//  21 u8  B  presence bits (F-BU, BU): 1 unique id, 2 alternate CoA
//  22 u8     tunnel depth (0–4): outer headers in the tunnel stack
//  23 u8     parse only: 1 when an Authentication Header (RFC 2402) came after the innermost
//            IPv6 header — recorded, not verified (core/wire/auth.ts verifies, with the keys)
//  24 u32    its SPI · 28 u32 its Sequence Number
//  32 src(16) 48 dst(16)
//  64 address 1: target (NS, NA) · NewCOA (F-NA) · home address (F-BU, BU)
//  80 address 2: OldCOA (F-NA) · alternate CoA (F-BU, BU)
//  96 tunnel stack: 4 × 48 (outermost first): src(16) dst(16) hop limit u8
// 288 options: up to 32 records of 32 octets (see O_* below)
export const D_KIND: i32 = 0;
export const D_HOP: i32 = 1;
export const D_CODE: i32 = 2;
export const D_FLAGS: i32 = 3;
export const D_ID: i32 = 4;
export const D_NOPT: i32 = 6;
export const D_U32A: i32 = 8;
export const D_U32B: i32 = 12;
export const D_U16A: i32 = 16;
export const D_U16B: i32 = 18;
export const D_U8A: i32 = 20;
export const D_U8B: i32 = 21;
export const D_TUN: i32 = 22;
export const D_AUTH: i32 = 23;
export const D_AUTH_SPI: i32 = 24;
export const D_AUTH_SEQ: i32 = 28;
export const D_SRC: i32 = 32;
export const D_DST: i32 = 48;
export const D_ADDR1: i32 = 64;
export const D_ADDR2: i32 = 80;
export const D_TUNNELS: i32 = 96;
export const TUN_REC: i32 = 48;
export const TUN_MAX: i32 = 4;
export const D_OPTS: i32 = D_TUNNELS + TUN_REC * TUN_MAX;
export const OPT_REC: i32 = 32;
export const OPT_MAX: i32 = 32;
export const D_SIZE: i32 = D_OPTS + OPT_REC * OPT_MAX;

// One option record: wire type, then the fields of that type.
export const O_TYPE: i32 = 0;
export const O_SUB: i32 = 1; // sub-type (IP Address, LLA) · status (NAACK) · code (HoCaps) · L|A flags (PrefixInfo)
export const O_PLEN: i32 = 2; // prefix length (IP Address, PrefixInfo)
export const O_A: i32 = 4; // lifetime (Lifetime) · valid lifetime (PrefixInfo)
export const O_B: i32 = 8; // preferred lifetime (PrefixInfo)
export const O_DATA: i32 = 12; // 16 octets: address or prefix; or a 6-octet link-layer address

// Message kinds (D_KIND).
export const K_RTSOLPR: u8 = 1;
export const K_PRRTADV: u8 = 2;
export const K_FNA: u8 = 3;
export const K_HI: u8 = 4;
export const K_HACK: u8 = 5;
export const K_RS: u8 = 6;
export const K_RA: u8 = 7;
export const K_NS: u8 = 8;
export const K_NA: u8 = 9;
export const K_FBU: u8 = 10;
export const K_FBACK: u8 = 11;
export const K_BU: u8 = 12;
export const K_BACK: u8 = 13;
export const K_DATA: u8 = 14;

// Link-layer addresses are 6 octets throughout the lab (RFC 2464).
export const LLA_LEN: i32 = 6;
