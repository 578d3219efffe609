/**
 * The test server's MOUNT programs: version 3 (RFC 1813 Appendix I, for NFSv3) and
 * version 1 (RFC 1094 Appendix A, for NFSv2). Both export one directory.
 *
 * @module
 */
import type { Mount3Procedures } from "../nfs/mount3/procedures.ts";
import { MOUNT_PROGRAM, MOUNT_V3, Mountstat3 } from "../nfs/mount3/types.ts";
import type { Mount1Procedures } from "../nfs/mount1/procedures.ts";
import { MOUNT_V1 } from "../nfs/mount1/types.ts";
import { AuthFlavor } from "../rpc/constants.ts";
import { errnoStatus, type Export, fail, type Node } from "./_export.ts";
import { MOUNT1_SERVER_LIST, MOUNT3_SERVER_LIST } from "./_mount_codec.ts";
import type { Call, Impl, ProgramVersion, ServerState } from "./_program.ts";

/** Statuses MNT may return (mountstat3; MOUNT v1 uses the same errno numbers). */
const MNT_STATUSES = new Set<number>(Object.values(Mountstat3));

/** "/a//b/" → "/a/b". */
function normalize(path: string): string {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  return "/" + parts.join("/");
}

/**
 * Resolves a MNT path: the export path itself or a directory below it.
 *
 * @returns The directory's node.
 * @throws {NfsStatusError} NOENT, NOTDIR, ACCES (".." or a symbolic link on the way).
 */
function mountPoint(ex: Export, exportPath: string, dirpath: string): Node {
  const want = normalize(dirpath);
  const base = normalize(exportPath);
  let rel: string[];
  if (want === base) rel = [];
  else if (base === "/" || want.startsWith(base + "/")) {
    rel = want.slice(base === "/" ? 1 : base.length + 1).split("/");
  } else fail(Mountstat3.MNT3ERR_NOENT, `Not exported: ${dirpath}`);
  let path = ex.root;
  let st = Deno.lstatSync(path);
  for (const c of rel) {
    if (c === "..") fail(Mountstat3.MNT3ERR_ACCES, "'..' in a mount path");
    path = `${path}/${c}`;
    try {
      st = Deno.lstatSync(path);
    } catch (e) {
      fail(errnoStatus(e), `Cannot mount ${dirpath}`);
    }
    if (st.isSymlink) fail(Mountstat3.MNT3ERR_ACCES, "Symbolic link in a mount path");
    if (!st.isDirectory) fail(Mountstat3.MNT3ERR_NOTDIR, `Not a directory: ${dirpath}`);
  }
  return ex.register(path, st);
}

function hostOf(call: Call): string {
  return call.cred.machineName ?? call.remote.hostname;
}

function mntStatus(e: unknown): number {
  const s = errnoStatus(e);
  return MNT_STATUSES.has(s) && s !== 0 ? s : Mountstat3.MNT3ERR_IO;
}

/** DUMP, UMNT, UMNTALL, EXPORT: the same in both versions. */
function common(state: ServerState) {
  return {
    NULL: () => {},
    DUMP: () =>
      [...state.mounts].map((m) => {
        const i = m.indexOf(" ");
        return { mlHostname: m.slice(0, i), mlDirectory: m.slice(i + 1) };
      }),
    UMNT: (dirpath: string, call: Call) => {
      state.mounts.delete(`${hostOf(call)} ${dirpath}`);
    },
    UMNTALL: (_: void, call: Call) => {
      const host = hostOf(call);
      for (const m of state.mounts) if (m.startsWith(`${host} `)) state.mounts.delete(m);
    },
    EXPORT: () => [{ exDir: state.exportPath, exGroups: [] }],
  };
}

/**
 * MOUNT version 3.
 *
 * @param state The server state.
 * @returns The program version.
 */
export function mount3Program(state: ServerState): ProgramVersion {
  const impl: Impl<Mount3Procedures> = {
    ...common(state),
    MNT: (dirpath, call) => {
      try {
        const node = mountPoint(state.ex, state.exportPath, dirpath);
        state.mounts.add(`${hostOf(call)} ${dirpath}`);
        return {
          status: 0,
          fhandle: state.ex.handle(node),
          authFlavors: [AuthFlavor.AUTH_SYS, AuthFlavor.AUTH_NONE],
        };
      } catch (e) {
        return { status: mntStatus(e) as 2 };
      }
    },
  };
  return {
    prog: MOUNT_PROGRAM,
    vers: MOUNT_V3,
    label: "MOUNT3",
    procs: MOUNT3_SERVER_LIST,
    impl: impl as unknown as ProgramVersion["impl"],
    failRes: (name, status) => name === "MNT" ? { status } : undefined,
  };
}

/**
 * MOUNT version 1 (NFSv2's mount protocol).
 *
 * @param state The server state.
 * @returns The program version.
 */
export function mount1Program(state: ServerState): ProgramVersion {
  const impl: Impl<Mount1Procedures> = {
    ...common(state),
    MNT: (dirpath, call) => {
      try {
        const node = mountPoint(state.ex, state.exportPath, dirpath);
        state.mounts.add(`${hostOf(call)} ${dirpath}`);
        return { status: 0, directory: state.ex.handle(node) };
      } catch (e) {
        const s = mntStatus(e);
        return { status: (s >= 10000 ? Mountstat3.MNT3ERR_IO : s) as 2 }; // errno numbers only
      }
    },
  };
  return {
    prog: MOUNT_PROGRAM,
    vers: MOUNT_V1,
    label: "MOUNT1",
    procs: MOUNT1_SERVER_LIST,
    impl: impl as unknown as ProgramVersion["impl"],
    failRes: (name, status) => name === "MNT" ? { status } : undefined,
  };
}
