// Special tokens, the chat template and sampling advice from a Hugging Face checkpoint's
// tokenizer and generation files.
#include <algorithm>
#include <system_error>

#include "formats/gguf_image.h"  // quoteForMessage
#include "formats/mapped_file.h"
#include "formats/strict_json.h"
#include "models/hf_json.h"
#include "tokenizer/vocabulary.h"

namespace hearth::models {

namespace {

using Json = nlohmann::json;

std::string quote(std::string_view text) {
    return formats::quoteForMessage(text);
}

// The id tokenizer.json gives a token's text: an added token's, else the vocabulary's.
std::optional<int32_t> tokenIdOf(const Json& tokenizer, const std::string& content) {
    if (const auto added = tokenizer.find("added_tokens");
        added != tokenizer.end() && added->is_array()) {
        for (const Json& token : *added) {
            const auto text = token.find("content");
            const auto id = token.find("id");
            if (text == token.end() || id == token.end() || !text->is_string() || *text != content)
                continue;
            const std::optional<uint64_t> n = formats::jsonSize(*id);
            if (n && *n <= INT32_MAX) return static_cast<int32_t>(*n);
        }
    }
    if (const auto model = tokenizer.find("model");
        model != tokenizer.end() && model->is_object()) {
        if (const auto vocab = model->find("vocab"); vocab != model->end() && vocab->is_object()) {
            const auto id = vocab->find(content);
            const std::optional<uint64_t> n =
                id == vocab->end() ? std::nullopt : formats::jsonSize(*id);
            if (n && *n <= INT32_MAX) return static_cast<int32_t>(*n);
        }
    }
    return std::nullopt;
}

// tokenizer_config.json names special tokens by text ("<|eot_id|>") or as an AddedToken
// object with that text; nullopt when it names none.
Result<std::optional<int32_t>> namedToken(const Json& tokenizerConfig, const char* key,
                                          const Json& tokenizer) {
    const auto value = tokenizerConfig.find(key);
    if (value == tokenizerConfig.end() || value->is_null()) return std::optional<int32_t>();
    const Json* text = &*value;
    if (value->is_object() && value->contains("content")) text = &(*value)["content"];
    if (!text->is_string())
        return Status::error("tokenizer_config.json: " + std::string(key) + " is " +
                             formats::describeJsonType(*text) + ", not a token's text");
    const std::optional<int32_t> id = tokenIdOf(tokenizer, text->get<std::string>());
    if (!id)
        return Status::error("tokenizer_config.json: " + std::string(key) + " " +
                             quote(text->get<std::string>()) + " is not in tokenizer.json");
    return id;
}

// Whether tokenizer.json's post-processor puts a special token before the text, as Llama 3's
// TemplateProcessing does with <|begin_of_text|>.
bool postProcessorAddsBos(const Json& processor) {
    if (!processor.is_object()) return false;
    const auto type = processor.find("type");
    if (type == processor.end() || !type->is_string()) return false;
    if (*type == "Sequence") {
        const auto parts = processor.find("processors");
        return parts != processor.end() && parts->is_array() &&
               std::any_of(parts->begin(), parts->end(), postProcessorAddsBos);
    }
    if (*type != "TemplateProcessing") return false;
    const auto single = processor.find("single");
    return single != processor.end() && single->is_array() && !single->empty() &&
           (*single)[0].is_object() && (*single)[0].contains("SpecialToken");
}

// tokenizer_config.json's chat_template: one template, or a list of named ones ("default"
// first); else the chat_template.jinja file newer checkpoints carry.
Result<std::string> chatTemplateOf(const Json& tokenizerConfig,
                                   const std::filesystem::path& directory) {
    const auto value = tokenizerConfig.find("chat_template");
    if (value != tokenizerConfig.end() && value->is_string()) return value->get<std::string>();
    if (value != tokenizerConfig.end() && value->is_array()) {
        const Json* chosen = nullptr;
        for (const Json& named : *value) {
            if (!named.is_object() || !named.contains("template") || !named["template"].is_string())
                continue;
            if (chosen == nullptr || (named.contains("name") && named["name"] == "default"))
                chosen = &named;
        }
        if (chosen != nullptr) return (*chosen)["template"].get<std::string>();
    }
    const std::filesystem::path jinja = directory / "chat_template.jinja";
    std::error_code error;
    if (!std::filesystem::exists(jinja, error)) return std::string();
    HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<formats::MappedFile> file,
                            formats::MappedFile::open(jinja));
    if (file->size() > kHfMaxSmallJsonBytes)
        return Status::error("chat_template.jinja is larger than a chat template can be");
    return std::string(reinterpret_cast<const char*>(file->data()), file->size());
}

}  // namespace

// Special tokens and the template. Ids may be given as numbers (config.json,
// generation_config.json) or as token text (tokenizer_config.json); all must be in the
// vocabulary, since generation compares against them.
Result<HfTokenizerFiles> readHfTokenizerFiles(const std::filesystem::path& directory,
                                              const Json& config, uint32_t vocab) {
    HfTokenizerFiles files;
    files.tokenizerJson = directory / "tokenizer.json";
    HEARTH_ASSIGN_OR_RETURN(const Json tokenizerConfig,
                            readOptionalHfJsonFile(directory / "tokenizer_config.json"));
    HEARTH_ASSIGN_OR_RETURN(const Json generation,
                            readOptionalHfJsonFile(directory / "generation_config.json"));
    HEARTH_ASSIGN_OR_RETURN(const Json tokenizer,
                            readHfJsonFile(files.tokenizerJson, kHfMaxTokenizerJsonBytes));
    HEARTH_ASSIGN_OR_RETURN(
        tokenizer::Vocabulary vocabulary,
        tokenizer::vocabularyFromTokenizerJson(
            tokenizer, tokenizerConfig.is_object() ? &tokenizerConfig : nullptr, "tokenizer.json"));
    files.vocabulary = std::make_shared<const tokenizer::Vocabulary>(std::move(vocabulary));
    HEARTH_ASSIGN_OR_RETURN(files.chatTemplate, chatTemplateOf(tokenizerConfig, directory));

    const HfFields configFields(config, "config.json");
    const HfFields generationFields(generation, "generation_config.json");
    HEARTH_ASSIGN_OR_RETURN(const std::optional<int32_t> namedBos,
                            namedToken(tokenizerConfig, "bos_token", tokenizer));
    HEARTH_ASSIGN_OR_RETURN(const std::optional<int32_t> namedEos,
                            namedToken(tokenizerConfig, "eos_token", tokenizer));
    HEARTH_ASSIGN_OR_RETURN(const std::vector<int32_t> configBos,
                            configFields.tokenIds("bos_token_id"));
    HEARTH_ASSIGN_OR_RETURN(const std::vector<int32_t> generationBos,
                            generationFields.tokenIds("bos_token_id"));
    files.bosToken = !configBos.empty()       ? configBos.front()
                     : !generationBos.empty() ? generationBos.front()
                                              : namedBos.value_or(-1);
    std::vector<int32_t> eos;
    if (namedEos) eos.push_back(*namedEos);
    for (const HfFields* fields : {&configFields, &generationFields}) {
        HEARTH_ASSIGN_OR_RETURN(const std::vector<int32_t> ids, fields->tokenIds("eos_token_id"));
        eos.insert(eos.end(), ids.begin(), ids.end());
    }
    for (const int32_t id : eos)
        if (std::find(files.eosTokens.begin(), files.eosTokens.end(), id) == files.eosTokens.end())
            files.eosTokens.push_back(id);
    for (const int32_t id : files.eosTokens)
        if (static_cast<uint32_t>(id) >= vocab)
            return Status::error("end-of-sequence token " + std::to_string(id) +
                                 " is outside the vocabulary (" + std::to_string(vocab) +
                                 " tokens)");
    if (files.bosToken >= 0 && static_cast<uint32_t>(files.bosToken) >= vocab)
        return Status::error("beginning-of-sequence token " + std::to_string(files.bosToken) +
                             " is outside the vocabulary (" + std::to_string(vocab) + " tokens)");

    const HfFields tokenizerFields(tokenizerConfig, "tokenizer_config.json");
    const auto processor = tokenizer.find("post_processor");
    HEARTH_ASSIGN_OR_RETURN(
        files.addBos,
        tokenizerFields.boolean("add_bos_token",
                                processor != tokenizer.end() && postProcessorAddsBos(*processor)));
    files.addBos = files.addBos && files.bosToken >= 0;

    HfGenerationDefaults& g = files.generation;
    if (generationFields.find("temperature")) {
        HEARTH_ASSIGN_OR_RETURN(g.temperature, generationFields.number("temperature", 0));
    }
    if (generationFields.find("top_p")) {
        HEARTH_ASSIGN_OR_RETURN(g.topP, generationFields.number("top_p", 1));
    }
    if (const Json* topK = generationFields.find("top_k")) {
        g.topK = formats::jsonSize(*topK);
        if (!g.topK)
            return generationFields.error(
                "top_k", "is " + formats::jsonTextForMessage(*topK) + ", not a count");
    }
    return files;
}

}  // namespace hearth::models
