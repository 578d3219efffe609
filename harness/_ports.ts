/**
 * Free TCP port discovery for test servers.
 *
 * @module
 */

/**
 * Returns `count` distinct TCP ports that were free on `hostname` a moment
 * ago: each is found by listening on port 0 and closing the listener. All
 * listeners are open at the same time, so the ports differ from each other.
 *
 * Another process may take a port between this call and the server binding
 * it; server starters retry with new ports when the bind fails.
 */
export function freePorts(count: number, hostname = "127.0.0.1"): number[] {
  const listeners: Deno.TcpListener[] = [];
  try {
    for (let i = 0; i < count; i++) {
      listeners.push(Deno.listen({ hostname, port: 0, transport: "tcp" }));
    }
    return listeners.map((l) => l.addr.port);
  } finally {
    for (const l of listeners) l.close();
  }
}
