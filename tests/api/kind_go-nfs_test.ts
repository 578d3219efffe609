/** The file API suite on the `go-nfs` server kind (see suite.ts and tests/servers). */
import { apiSuiteForKind } from "./suite.ts";

apiSuiteForKind("go-nfs");
