#include "support/test_vocabularies.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/test_model.h"

namespace hearth::testing {

namespace {

// DeepSeek-R1-Distill-Qwen's added tokens: its role, think and tool markers at 151643-151649
// (REFERENCES.md §1), then Qwen2.5's vision, tool-call and fill-in-the-middle tokens.
struct Added {
    int id;
    const char* content;
    bool special;
};
constexpr Added kR1DistillAdded[] = {
    {151643,
     "<\xEF\xBD\x9C"
     "end\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>",
     true},
    {151644, "<\xEF\xBD\x9CUser\xEF\xBD\x9C>", false},
    {151645,
     "<\xEF\xBD\x9C"
     "Assistant\xEF\xBD\x9C>",
     false},
    {151646,
     "<\xEF\xBD\x9C"
     "begin\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>",
     true},
    {151647, "<|EOT|>", false},
    {151648, "<think>", false},
    {151649, "</think>", false},
    {151650, "<|quad_start|>", true},
    {151651, "<|quad_end|>", true},
    {151652, "<|vision_start|>", true},
    {151653, "<|vision_end|>", true},
    {151654, "<|vision_pad|>", true},
    {151655, "<|image_pad|>", true},
    {151656, "<|video_pad|>", true},
    {151657, "<tool_call>", false},
    {151658, "</tool_call>", false},
    {151659, "<|fim_prefix|>", false},
    {151660, "<|fim_middle|>", false},
    {151661, "<|fim_suffix|>", false},
    {151662, "<|fim_pad|>", false},
    {151663, "<|repo_name|>", false},
    {151664, "<|file_sep|>", false},
};

std::optional<std::filesystem::path> writeR1DistillTokenizer(const std::filesystem::path& qwen,
                                                             const std::filesystem::path& dir) {
    std::ifstream in(qwen / "tokenizer.json");
    nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded()) return std::nullopt;
    nlohmann::json added = nlohmann::json::array();
    for (const Added& a : kR1DistillAdded)
        added.push_back({{"id", a.id},
                         {"content", a.content},
                         {"single_word", false},
                         {"lstrip", false},
                         {"rstrip", false},
                         {"normalized", false},
                         {"special", a.special}});
    json["added_tokens"] = added;
    const std::string bos = kR1DistillAdded[3].content, eos = kR1DistillAdded[0].content;
    json["post_processor"] = {
        {"type", "TemplateProcessing"},
        {"single",
         {{{"SpecialToken", {{"id", bos}, {"type_id", 0}}}},
          {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
        {"pair", nlohmann::json::array()},
        {"special_tokens", {{bos, {{"id", bos}, {"ids", {151646}}, {"tokens", {bos}}}}}}};
    const nlohmann::json config = {{"add_bos_token", true},
                                   {"add_eos_token", false},
                                   {"bos_token", bos},
                                   {"eos_token", eos},
                                   {"clean_up_tokenization_spaces", false},
                                   {"legacy", true},
                                   {"model_max_length", 16384},
                                   {"tokenizer_class", "LlamaTokenizerFast"}};
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "tokenizer.json") << json.dump();
    std::ofstream(dir / "tokenizer_config.json") << config.dump();
    return dir;
}

}  // namespace

const std::vector<std::string>& llamaCppControlTexts() {
    static const std::vector<std::string> texts = {
        "<|eot_id|>",
        "<|im_end|>",
        "<|end|>",
        "<|return|>",
        "<|call|>",
        "<|flush|>",
        "<|calls|>",
        "<end_of_turn>",
        "<|endoftext|>",
        "</s>",
        "<|eom_id|>",
        "<EOT>",
        "_<EOT>",
        "[EOT]",
        "[EOS]",
        "<|end_of_text|>",
        "<end_of_utterance>",
        "<eos>",
        "<turn|>",
        "<|tool_response>",
    };
    return texts;
}

std::vector<std::string> referenceVocabularyNames() {
    return {"qwen2", "r1-distill-qwen", "llama3", "deepseek-v3", "llama2"};
}

std::optional<ReferenceVocabulary> referenceVocabulary(const std::string& name,
                                                       const std::filesystem::path& scratch) {
    auto package = [](const char* p) -> std::optional<std::filesystem::path> {
        const std::filesystem::path json = referenceTokenizer(p);
        if (json.empty()) return std::nullopt;
        return json.parent_path();
    };
    std::optional<std::filesystem::path> dir;
    ReferenceVocabulary v{name, {}, "", "qwen2"};
    if (name == "qwen2") {
        dir = package("qwen3");
        v.ggufPreTokenizer = "qwen2";
    } else if (name == "r1-distill-qwen") {
        if (const auto qwen = package("qwen3"))
            dir = writeR1DistillTokenizer(*qwen, scratch / "r1-distill-qwen");
        v.ggufPreTokenizer = "deepseek-r1-qwen";
    } else if (name == "llama3") {
        dir = package("llama3_1");
        v.ggufPreTokenizer = "llama-bpe";
        v.architecture = "llama";
    } else if (name == "deepseek-v3") {
        dir = package("deepseek_v3");
        v.ggufPreTokenizer = "deepseek-v3";
        v.architecture = "llama";
    } else if (name == "llama2") {
        dir = package("llama2");
        v.architecture = "llama";
    }
    if (!dir) return std::nullopt;
    v.tokenizerDir = *dir;
    return v;
}

}  // namespace hearth::testing
