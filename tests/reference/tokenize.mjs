// Tokenizes texts with the reference tokenizers, for Hearth's tokenizer parity tests and
// benchmark.
//   node tokenize.mjs hf TOKENIZER_DIR TEXTS.json     (Hugging Face's JavaScript tokenizer)
//   node tokenize.mjs llama MODEL.gguf TEXTS.json     (llama.cpp, through node-llama-cpp)
// TEXTS.json is a JSON array of strings. Prints one JSON object: {"ids":[[...],...],
// "seconds":s}, the ids of each text (special tokens in the text parsed, no BOS/EOS added) and
// the time spent tokenizing alone.
import {readFileSync} from "node:fs";
import {performance} from "node:perf_hooks";

const [kind, source, textsPath] = process.argv.slice(2);
if (!kind || !source || !textsPath) {
    console.error("usage: node tokenize.mjs hf|llama TOKENIZER_DIR|MODEL.gguf TEXTS.json");
    process.exit(2);
}
const texts = JSON.parse(readFileSync(textsPath, "utf8"));

let encode, dispose = async () => {};
if (kind === "hf") {
    const {TokenizerLoader} = await import("@lenml/tokenizers");
    const read = (name) => JSON.parse(readFileSync(`${source}/${name}`, "utf8"));
    const tokenizer = TokenizerLoader.fromPreTrained({tokenizerJSON: read("tokenizer.json"),
                                                      tokenizerConfig: read("tokenizer_config.json")});
    encode = (text) => tokenizer.encode(text, {add_special_tokens: false});
} else if (kind === "llama") {
    const {getLlama, LlamaLogLevel} = await import("node-llama-cpp");
    const llama = await getLlama({gpu: false, build: "never", logLevel: LlamaLogLevel.error});
    const model = await llama.loadModel({modelPath: source, vocabOnly: true});
    encode = (text) => Array.from(model.tokenize(text, true));
    dispose = () => model.dispose();
} else {
    console.error(`unknown tokenizer kind ${kind}`);
    process.exit(2);
}

const start = performance.now();
const ids = texts.map(encode);
const seconds = (performance.now() - start) / 1000;
process.stdout.write(JSON.stringify({ids, seconds}) + "\n");
await dispose();
