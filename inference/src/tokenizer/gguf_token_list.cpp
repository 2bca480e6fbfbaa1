#include "tokenizer/gguf_token_list.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace hearth::tokenizer {

Result<GgufTokenList> readGgufTokenList(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) return Status::error("cannot read " + path.string());
    const nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded() || !json.contains("model") || !json["model"].contains("vocab"))
        return Status::error(path.string() + " is not a tokenizer.json");
    GgufTokenList v;
    const auto& model = json["model"];
    for (const auto& [token, id] : model["vocab"].items()) {
        if (!id.is_number_unsigned()) return Status::error(path.string() + ": a bad token id");
        const size_t i = id.get<size_t>();
        if (v.tokens.size() <= i) v.tokens.resize(i + 1);
        v.tokens[i] = token;
    }
    v.types.assign(v.tokens.size(), kGgufNormalToken);
    for (const auto& added : json.value("added_tokens", nlohmann::json::array())) {
        if (!added.contains("id") || !added["id"].is_number_unsigned() ||
            !added.contains("content") || !added["content"].is_string())
            return Status::error(path.string() + ": a bad added token");
        const size_t i = added["id"].get<size_t>();
        if (v.tokens.size() <= i) {
            v.tokens.resize(i + 1);
            v.types.resize(i + 1, kGgufUnusedToken);
        }
        v.tokens[i] = added["content"].get<std::string>();
        v.types[i] = added.value("special", false) ? kGgufControlToken : kGgufUserDefinedToken;
    }
    for (size_t i = 0; i < v.tokens.size(); ++i) {
        if (v.tokens[i].empty()) {
            v.tokens[i] = "[PAD" + std::to_string(i) + "]";
            v.types[i] = kGgufUnusedToken;
        }
    }
    // SentencePiece-style: no byte-level decoder; <0xNN> pieces are bytes. Scores rank the
    // merges as the merges list does (SentencePiece's converter orders them by piece id).
    const std::string decoder = json.contains("decoder") ? json["decoder"].dump() : "";
    v.sentencePiece = decoder.find("ByteLevel") == std::string::npos;
    if (v.sentencePiece) {
        v.scores.assign(v.tokens.size(), 0.0f);
        const std::string unk = model.contains("unk_token") && model["unk_token"].is_string()
                                    ? model["unk_token"].get<std::string>()
                                    : "";
        for (size_t i = 0; i < v.tokens.size(); ++i) {
            const std::string& t = v.tokens[i];
            if (t.size() == 6 && t.rfind("<0x", 0) == 0) v.types[i] = kGgufByteToken;
            if (t == unk) v.types[i] = kGgufUnknownToken;
            if (v.types[i] == kGgufNormalToken) v.scores[i] = -static_cast<float>(i);
        }
        return v;
    }
    for (const auto& merge : model.value("merges", nlohmann::json::array())) {
        if (merge.is_string()) {
            v.merges.push_back(merge.get<std::string>());
        } else if (merge.is_array() && merge.size() == 2 && merge[0].is_string() &&
                   merge[1].is_string()) {
            v.merges.push_back(merge[0].get<std::string>() + " " + merge[1].get<std::string>());
        } else {
            return Status::error(path.string() + ": a bad merge");
        }
    }
    return v;
}

}  // namespace hearth::tokenizer
