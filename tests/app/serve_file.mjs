// Serves one file over HTTP on 127.0.0.1 (a port the system picks, written to PORT_FILE), with
// Range support, for tests of `hearth-cli models pull`.
//   node serve_file.mjs FILE PORT_FILE
import { createServer } from "node:http";
import { createReadStream, statSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

const [file, portFile] = process.argv.slice(2);
const size = statSync(file).size;
const server = createServer((req, res) => {
  if (req.url !== "/" + basename(file)) {
    res.writeHead(404).end();
    return;
  }
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
  const start = range ? Number(range[1]) : 0;
  if (start >= size && range) {
    res.writeHead(416, { "Content-Range": `bytes */${size}` }).end();
    return;
  }
  const headers = { "Content-Length": size - start, "Accept-Ranges": "bytes" };
  if (range) headers["Content-Range"] = `bytes ${start}-${size - 1}/${size}`;
  res.writeHead(range ? 206 : 200, headers);
  createReadStream(file, { start }).pipe(res);
});
server.listen(0, "127.0.0.1", () => writeFileSync(portFile, String(server.address().port)));
