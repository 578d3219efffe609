/** The file API suite over UDP on the `ganesha` server kind (see _api.ts). */
import { udpApiSuite } from "./_api.ts";

udpApiSuite("ganesha");
