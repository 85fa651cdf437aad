// The packet core's memory map. Packets cross the JS boundary as pointer + length in these
// static buffers (wasmboy publishes its memory map the same way); nothing per packet allocates.
//
//   PKT_IN   64 KiB  bytes JS hands to the core (a packet to parse or forward)
//   PKT_OUT  64 KiB  bytes the core hands back (a packet it built, forwarded or unwrapped)
//   PARAMS    4 KiB  a message descriptor (desc.ts): written by JS before emit, by parse after
//   SCRATCH   4 KiB  a second descriptor, for round trips that stay inside the module
//   the data plane's tables (dataplane.ts) follow; docs/wire-formats.md lists them all.
export const PKT_SIZE: i32 = 65536;
export const PARAMS_SIZE: i32 = 4096;
export const PKT_IN: usize = memory.data(PKT_SIZE, 16);
export const PKT_OUT: usize = memory.data(PKT_SIZE, 16);
export const PARAMS: usize = memory.data(PARAMS_SIZE, 16);
export const SCRATCH: usize = memory.data(PARAMS_SIZE, 16);

// POOL: 8,192 slots of 1 KiB where the engine keeps the bytes of packets in flight (it allocates
// the slots; the core never reads them by itself). A packet moves between its slot and PKT_IN /
// PKT_OUT with memory copies inside this memory: no JavaScript allocation per packet or hop.
export const POOL_SLOTS: i32 = 8192;
export const POOL_SLOT_SIZE: i32 = 1024;
export const POOL: usize = memory.data(POOL_SLOTS * POOL_SLOT_SIZE, 16);
