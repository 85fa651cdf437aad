// (data plane: see below)
export function dpVersion(): i32 {
  return 1;
}
