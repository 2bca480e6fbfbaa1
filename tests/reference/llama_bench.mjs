// llama.cpp's speed on a model, measured the way `hearth-cli bench` measures Hearth's:
//   node llama_bench.mjs MODEL.gguf cpu|vulkan [PROMPT_TOKENS] [GEN_TOKENS] [THREADS]
// prints {"backend", "load_seconds", "pp_tps", "tg_tps"}: a prompt of random tokens evaluated
// in one batch, then GEN_TOKENS tokens evaluated one at a time (greedy, as decode runs).
import {getLlama, LlamaLogLevel} from "node-llama-cpp";

const [modelPath, backend = "cpu", promptArg = "128", genArg = "32", threadsArg = "2"] =
    process.argv.slice(2);
const promptTokens = Number(promptArg), genTokens = Number(genArg), threads = Number(threadsArg);
const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;

const llama = await getLlama({gpu: backend === "vulkan" ? "vulkan" : false, build: "never",
                              logLevel: LlamaLogLevel.error});
let start = process.hrtime.bigint();
const model = await llama.loadModel({modelPath, gpuLayers: backend === "vulkan" ? "max" : 0});
const loadSeconds = seconds(start);
const context = await model.createContext({contextSize: promptTokens + genTokens + 16,
                                           batchSize: Math.max(promptTokens, 32), threads});
const sequence = context.getSequence();

let state = 12345;
const random = () => (state = (state * 1103515245 + 12345) % 2147483648) % 100000;
const prompt = Array.from({length: promptTokens}, () => random());
const greedy = {generateNext: {token: true, options: {temperature: 0}}};

start = process.hrtime.bigint();
const input = prompt.map((t, i) => (i === prompt.length - 1 ? [t, greedy] : t));
const out = await sequence.controlledEvaluate(input);
const ppSeconds = seconds(start);
let next = out[prompt.length - 1]?.next?.token ?? 1;

start = process.hrtime.bigint();
for (let i = 0; i < genTokens; ++i) {
    const r = await sequence.controlledEvaluate([[next, greedy]]);
    next = r[0]?.next?.token ?? 1;
}
const tgSeconds = seconds(start);
console.log(JSON.stringify({backend, load_seconds: loadSeconds, pp_tps: promptTokens / ppSeconds,
                            tg_tps: genTokens / tgSeconds}));
await context.dispose();
await model.dispose();
