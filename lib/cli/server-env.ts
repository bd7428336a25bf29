/**
 * Set on the server process by `npm start`, and by the tests and benchmarks, which start it the same way.
 * glibc gives threads that allocate their own malloc arenas and keeps freed memory in them: with the
 * request threads, libvips and the libuv pool passing multi-megabyte image buffers around, resident memory
 * reached ~720 MB after a load run. Two arenas, and free memory above 128 KB returned to the system, keep
 * it near 460 MB at about the same CPU (bench/threads.ts). musl ignores them; an operator's own values win.
 */
export const MALLOC_ENV: Record<string, string> = { MALLOC_ARENA_MAX: "2", MALLOC_TRIM_THRESHOLD_: "131072" };
