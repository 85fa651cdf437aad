// Parser and emitter status codes. Untrusted bytes never trap the module: every parser returns
// one of these (0 = Ok). This is the one table: npm run build:wasm generates TypeScript's names
// from it (build/status.ts: ST_BAD_OPTION_LENGTH → 'BadOptionLength'; codes must run 0, 1, 2, …).
export const ST_OK: i32 = 0;
export const ST_TRUNCATED: i32 = 1; // fewer bytes than a header or length field needs
export const ST_BAD_VERSION: i32 = 2; // IPv6 version field is not 6
export const ST_BAD_LENGTH: i32 = 3; // a length field disagrees with the bytes present
export const ST_BAD_CHECKSUM: i32 = 4; // ICMPv6 / UDP checksum wrong (or UDP checksum 0)
export const ST_BAD_ALIGNMENT: i32 = 5; // destination option not at its xn+y alignment
export const ST_UNKNOWN_TYPE: i32 = 6; // ICMPv6 type, or destination options without a known option
export const ST_BAD_OPTION_LENGTH: i32 = 7; // option framing: length 0, overrun, wrong for its type
export const ST_BAD_CODE: i32 = 8; // ICMP code not defined for the message
export const ST_BAD_HOP_LIMIT: i32 = 9; // ND message not sent with hop limit 255 (RFC 2461 §6.1)
export const ST_BAD_FLAGS: i32 = 10; // flag combination the draft forbids (§5.2.1, §5.2.2)
export const ST_MISSING_OPTION: i32 = 11; // an option the draft mandates is absent
export const ST_BAD_OPTION_ORDER: i32 = 12; // options not in the order the draft mandates
export const ST_TOO_MANY_OPTIONS: i32 = 13; // more options than the descriptor holds
export const ST_UNKNOWN_NEXT_HEADER: i32 = 14; // next header this core does not handle
export const ST_UNKNOWN_OPTION_DISCARD: i32 = 15; // unknown dest. option, action 01 (or 11 + multicast)
export const ST_UNKNOWN_OPTION_ICMP: i32 = 16; // unknown dest. option, action 10 / 11: Parameter Problem
export const ST_TOO_DEEP: i32 = 17; // more nested tunnels than the core unwraps
export const ST_BAD_FIELD: i32 = 18; // a field value the format forbids (e.g. a sub-type)
export const ST_NO_SPACE: i32 = 19; // emit: the packet would not fit the output buffer
