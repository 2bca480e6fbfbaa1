// Teacher-forced scoring with llama.cpp (node-llama-cpp), the reference the engine's own
// reference forward pass is checked against.
//   node llama_score.mjs MODEL.gguf ID,ID,... [TOP_K] [cpu|vulkan]
// prints one JSON line per position: {"pos":i,"top":[[id,logprob],...]}, the distribution of
// the token after position i (softmax of the raw logits: temperature 1, no truncation).
import {getLlama, LlamaLogLevel} from "node-llama-cpp";

const [modelPath, tokenList, topKArg, backend] = process.argv.slice(2);
if (!modelPath || !tokenList) {
    console.error("usage: node llama_score.mjs MODEL.gguf ID,ID,... [TOP_K] [cpu|vulkan]");
    process.exit(2);
}
const tokens = tokenList.split(",").map(Number);
const topK = Number(topKArg ?? 20);

const llama = await getLlama({gpu: backend === "vulkan" ? "vulkan" : false, build: "never",
                              logLevel: LlamaLogLevel.error});
const model = await llama.loadModel({modelPath});
const context = await model.createContext({contextSize: tokens.length + 8, batchSize: 512,
                                           threads: 2});
const sequence = context.getSequence();
const input = tokens.map((t) => [t, {generateNext: {probabilities: true,
                                                    options: {temperature: 1, topK: 0, topP: 1,
                                                              minP: 0}}}]);
const results = await sequence.controlledEvaluate(input);
const lines = [];
for (let pos = 0; pos < tokens.length; ++pos) {
    const probabilities = results[pos]?.next?.probabilities;
    if (!probabilities) throw new Error(`no probabilities at position ${pos}`);
    // The k best in one pass (sorting the whole vocabulary per position is the slow part).
    const best = [];
    for (const [id, p] of probabilities) {
        if (best.length === topK && p <= best[topK - 1][1]) continue;
        let at = best.length;
        while (at > 0 && (best[at - 1][1] < p || (best[at - 1][1] === p && best[at - 1][0] > id))) --at;
        best.splice(at, 0, [id, p]);
        if (best.length > topK) best.pop();
    }
    const top = best.map(([id, p]) => [id, Math.log(p)]);
    lines.push(JSON.stringify({pos, top}));
}
process.stdout.write(lines.join("\n") + "\n");
await context.dispose();
await model.dispose();
