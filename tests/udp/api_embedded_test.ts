/** The file API suite over UDP on the `embedded` server kind (see _api.ts). */
import { udpApiSuite } from "./_api.ts";

udpApiSuite("embedded");
