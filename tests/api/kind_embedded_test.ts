/** The file API suite on the `embedded` server kind (see suite.ts and tests/servers). */
import { apiSuiteForKind } from "./suite.ts";

apiSuiteForKind("embedded");
