/**
 * NFSv2 support for the file API: filled in once nfs/v2 and nfs/mount1 exist.
 *
 * @module
 */
import type { RpcClient } from "../../rpc/mod.ts";
import { NfsError } from "../errors.ts";
import type { Proto } from "./proto.ts";

interface MountLike {
  export(): Promise<{ exDir: string }[]>;
  mnt(path: string): Promise<{ status: number; fhandle: Uint8Array }>;
  umnt(path: string): Promise<void>;
}

function unsupported(): never {
  throw new NfsError("Cannot use NFSv2: not implemented yet", { code: "ENOTSUP", status: 0 });
}

/** Hooks for NFSv2 (MOUNT v1 client and the v2 protocol adapter). */
export const V2_SUPPORT: {
  mountClient(rpc: RpcClient): MountLike;
  proto(rpc: RpcClient): Proto;
} = {
  mountClient: () => unsupported(),
  proto: () => unsupported(),
};
