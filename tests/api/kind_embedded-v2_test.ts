/** The file API suite on the `embedded-v2` server kind (see suite.ts and tests/servers). */
import { apiSuiteForKind } from "./suite.ts";

apiSuiteForKind("embedded-v2");
