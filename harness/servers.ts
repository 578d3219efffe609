/**
 * The server launchers the benchmarks use (ganesha, unfsd), from the one place tests and
 * benchmarks share. bench/ imports servers only from here, never from tests/.
 *
 * Partial: the launchers' code still lives in `tests/servers/` (being extended there while
 * this was written); this module re-exports it until those files move here (see
 * docs/ARCHITECTURE.md, "Benchmarks").
 *
 * @module
 */
export {
  ganeshaAvailability,
  MEM_INODE_SIZE,
  startGanesha,
  startUnfsd,
  type TestServer,
  unfsdAvailability,
} from "../tests/servers/mod.ts";
