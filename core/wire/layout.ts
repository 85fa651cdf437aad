// Mirror of assembly/desc.ts (the message descriptor) and assembly/status.ts. The codec writes
// and reads these offsets; tests/wire/codepoints.test.ts checks the constants against the AS
// source text.
export const D_KIND = 0;
export const D_HOP = 1;
export const D_CODE = 2;
export const D_FLAGS = 3;
export const D_ID = 4;
export const D_NOPT = 6;
export const D_U32A = 8;
export const D_U32B = 12;
export const D_U16A = 16;
export const D_U16B = 18;
export const D_U8A = 20;
export const D_U8B = 21;
export const D_TUN = 22;
export const D_AUTH = 23;
export const D_AUTH_SPI = 24;
export const D_AUTH_SEQ = 28;
export const D_SRC = 32;
export const D_DST = 48;
export const D_ADDR1 = 64;
export const D_ADDR2 = 80;
export const D_TUNNELS = 96;
export const TUN_REC = 48;
export const TUN_MAX = 4;
export const D_OPTS = 288;
export const OPT_REC = 32;
export const OPT_MAX = 32;

export const O_TYPE = 0;
export const O_SUB = 1;
export const O_PLEN = 2;
export const O_A = 4;
export const O_B = 8;
export const O_DATA = 12;

export const K_RTSOLPR = 1;
export const K_PRRTADV = 2;
export const K_FNA = 3;
export const K_HI = 4;
export const K_HACK = 5;
export const K_RS = 6;
export const K_RA = 7;
export const K_NS = 8;
export const K_NA = 9;
export const K_FBU = 10;
export const K_FBACK = 11;
export const K_BU = 12;
export const K_BACK = 13;
export const K_DATA = 14;

/** Status names by the numbers of assembly/status.ts (index 0 is Ok). */
export const STATUS_NAMES = [
  'Ok',
  'Truncated',
  'BadVersion',
  'BadLength',
  'BadChecksum',
  'BadAlignment',
  'UnknownType',
  'BadOptionLength',
  'BadCode',
  'BadHopLimit',
  'BadFlags',
  'MissingOption',
  'BadOptionOrder',
  'TooManyOptions',
  'UnknownNextHeader',
  'UnknownOptionDiscard',
  'UnknownOptionIcmp',
  'TooDeep',
  'BadField',
  'NoSpace',
] as const;

/** Link-layer addresses are 6 octets throughout the lab (RFC 2464). */
export const LLA_LEN = 6;
