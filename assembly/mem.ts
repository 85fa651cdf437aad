// Small fixed-size copies and clears as plain loads and stores: V8 runs wasm's memory.copy /
// memory.fill through a call that costs more than the copy for a 6- or 16-octet field.
export function copy16(dst: usize, src: usize): void {
  store<u64>(dst, load<u64>(src));
  store<u64>(dst, load<u64>(src, 8), 8);
}
export function copy6(dst: usize, src: usize): void {
  store<u32>(dst, load<u32>(src));
  store<u16>(dst, load<u16>(src, 4), 4);
}
// Clears `n` octets (a multiple of 8) at `dst`.
export function zero8(dst: usize, n: i32): void {
  for (let i = 0; i < n; i += 8) store<u64>(dst + <usize>i, 0);
}
// Clears `n` octets (a multiple of 16) at `dst`, writing only where something is not zero yet: a
// page never written stays untouched (the kernel's shared zero page), so a fresh instance's
// reset (dpReset) makes none of its tables resident. Filling them made 6.5 MB of every instance
// resident: 58 MB for a course page's nine figures (bench/embeds.ts, issue 13).
export function clearTouched(dst: usize, n: i32): void {
  for (let i = 0; i < n; i += 16) {
    const p = dst + <usize>i;
    if (v128.any_true(v128.load(p))) v128.store(p, i64x2.splat(0));
  }
}
