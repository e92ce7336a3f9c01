// Buffers shared with the host. The host allocates once per job and reuses
// them; kernels never allocate.

/** Allocate `bytes` bytes aligned to 16; returns the address. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Release a block from `alloc`. */
export function free(ptr: usize): void {
  heap.free(ptr);
}
