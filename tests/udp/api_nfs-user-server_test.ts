/** The file API suite over UDP on the `nfs-user-server` server kind (see _api.ts). */
import { udpApiSuite } from "./_api.ts";

udpApiSuite("nfs-user-server");
