/** The file API suite on the `nfs-user-server` server kind (see suite.ts and tests/servers). */
import { apiSuiteForKind } from "./suite.ts";

apiSuiteForKind("nfs-user-server");
