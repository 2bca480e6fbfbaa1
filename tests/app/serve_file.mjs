// Serves one file over HTTP on 127.0.0.1 (a port the system picks, written to PORT_FILE), with
// Range support ("bytes=A-" and "bytes=A-B"), for tests of `hearth-cli models pull`.
// With PAGES (a JSON object of path-with-query to value), it also answers those paths with
// their values as JSON: a Hugging Face API, say.
//   node serve_file.mjs FILE PORT_FILE [PAGES]
import { createServer } from "node:http";
import { createReadStream, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

const [file, portFile, pagesFile] = process.argv.slice(2);
const size = statSync(file).size;
const pages = pagesFile ? JSON.parse(readFileSync(pagesFile, "utf8")) : {};
const server = createServer((req, res) => {
  if (req.url in pages) {
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(pages[req.url]));
    return;
  }
  if (!req.url.endsWith("/" + basename(file))) {  // at any folder, as /REPO/resolve/main/
    res.writeHead(404).end();
    return;
  }
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
  const start = range ? Number(range[1]) : 0;
  const end = range && range[2] !== "" ? Math.min(Number(range[2]), size - 1) : size - 1;
  if (start >= size && range) {
    res.writeHead(416, { "Content-Range": `bytes */${size}` }).end();
    return;
  }
  const headers = { "Content-Length": end + 1 - start, "Accept-Ranges": "bytes" };
  if (range) headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
  res.writeHead(range ? 206 : 200, headers);
  createReadStream(file, { start, end }).pipe(res);
});
server.listen(0, "127.0.0.1", () => writeFileSync(portFile, String(server.address().port)));
