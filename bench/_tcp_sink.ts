/**
 * The floor of any Deno client reading over TCP, for `bench/io.ts`: receives one TCP stream
 * into one reused buffer (`conn.read()` until EOF) and answers with the byte count, as the C
 * sink does (`proxy/latency_proxy.c --sink`). Its CPU time per GiB is what Deno itself spends
 * to receive the bytes, before any RPC or NFS work.
 *
 * ```
 * deno run --allow-net bench/_tcp_sink.ts [BUFFER_BYTES]
 * ```
 *
 * Prints `{"port":P}`, accepts one connection, prints `{"bytes":N,"reads":R}` at the end and
 * exits when its stdin closes (so that its parent can read its CPU time in /proc first).
 *
 * @module
 */

if (import.meta.main) {
  const size = Number(Deno.args[0] ?? 1 << 20);
  if (!Number.isSafeInteger(size) || size <= 0) throw new TypeError(`Invalid size ${size}`);
  using l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  console.log(JSON.stringify({ port: l.addr.port }));
  const c = await l.accept();
  const buf = new Uint8Array(size);
  buf.fill(1); // first touch outside the stream
  let bytes = 0;
  let reads = 0;
  for (;;) {
    const n = await c.read(buf);
    if (n === null) break;
    bytes += n;
    reads++;
  }
  const answer = new Uint8Array(8);
  new DataView(answer.buffer).setBigUint64(0, BigInt(bytes), true);
  let off = 0;
  while (off < answer.length) off += await c.write(answer.subarray(off));
  c.close();
  console.log(JSON.stringify({ bytes, reads }));
  for await (const _ of Deno.stdin.readable) { /* wait for the parent */ }
}
