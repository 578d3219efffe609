/** The file API suite on the `ganesha` server kind (see suite.ts and tests/servers). */
import { apiSuiteForKind } from "./suite.ts";

apiSuiteForKind("ganesha");
