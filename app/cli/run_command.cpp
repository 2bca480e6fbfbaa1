// hearth-cli run MODEL (--prompt TEXT | --prompt-file F | --prompts F | --tokens ID,ID,...)
//                [--chat] [-n N] [--temp T] [--top-k K] [--top-p P] [--min-p P] [--seed S]
//                [--ctx N] [--cache f16|q8_0] [--json]
// --prompts F: one prompt per line, each answered on its own (a new session), the model loaded
// once; with --json, one line of JSON per prompt, in order.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cstdio>

#include "cli/cli.h"
#include "cli/model_options.h"
#include "hearth/chat_template.h"
#include "hearth/reasoning.h"
#include "hearth/session.h"

namespace hearth::cli {

namespace {

struct RunOptions {
    QString model;
    std::vector<int32_t> promptTokens;
    std::optional<std::string> promptText;  // --prompt or --prompt-file
    std::vector<std::string> prompts;       // --prompts
    bool chat = false;
    bool json = false;
    uint32_t context = 0;  // 0: enough for the prompt and -n, at least 4096
    KvCacheType cache = KvCacheType::F16;
    std::optional<double> maxTokens, temperature, topK, topP, minP, seed;
};

QJsonArray toJson(const std::vector<int32_t>& tokens) {
    QJsonArray a;
    for (const int32_t t : tokens) a.append(t);
    return a;
}

// The prompt's tokens: the text as one user turn of the model's chat template with --chat,
// else as it is. Special tokens written in the text count as such (the template writes them);
// BOS comes first where the vocabulary wants it and the text does not already start with it.
// `rendered` receives the text that was tokenized.
Result<std::vector<int32_t>> promptTokensOf(const Model& model, const RunOptions& o,
                                            std::string& rendered) {
    rendered = *o.promptText;
    if (o.chat) {
        ModelChatFormat format = chatFormatFor(model);
        if (!format.choice.warning.empty())
            std::fprintf(stderr, "hearth-cli run: warning: %s\n", format.choice.warning.c_str());
        HEARTH_ASSIGN_OR_RETURN(rendered, format.choice.chatTemplate.render(
                                              {{"user", *o.promptText, ""}}, format.options));
    }
    const Tokenizer& tokenizer = model.tokenizer();
    HEARTH_ASSIGN_OR_RETURN(
        std::vector<int32_t> tokens,
        tokenizer.encode(rendered, {.addSpecial = false, .parseSpecial = true}));
    const int32_t bos = tokenizer.bos();
    if (model.info().addBos && bos >= 0 && (tokens.empty() || tokens.front() != bos))
        tokens.insert(tokens.begin(), bos);
    return tokens;
}

// The field a numeric option fills, or nullptr when `name` is not one.
std::optional<double>* numericOption(RunOptions& o, const QString& name) {
    const std::pair<const char*, std::optional<double>*> options[] = {
        {"-n", &o.maxTokens}, {"--temp", &o.temperature}, {"--top-k", &o.topK},
        {"--top-p", &o.topP}, {"--min-p", &o.minP},       {"--seed", &o.seed}};
    for (const auto& [option, field] : options)
        if (name == QLatin1String(option)) return field;
    return nullptr;
}

// Runs one prompt of `o` on `model` in a new session and prints the result.
int answer(const Model& model, RunOptions o) {
    std::string rendered;
    if (o.promptText) {
        Result<std::vector<int32_t>> tokens = promptTokensOf(model, o, rendered);
        if (!tokens.ok()) {
            std::fprintf(stderr, "hearth-cli run: %s\n", tokens.status().message().c_str());
            return 1;
        }
        o.promptTokens = std::move(tokens).value();
        if (o.promptTokens.empty()) {
            std::fprintf(stderr, "hearth-cli run: the prompt is empty\n");
            return 2;
        }
    }
    SamplingOptions sampling = model.info().defaultSampling;
    if (o.temperature) sampling.temperature = static_cast<float>(*o.temperature);
    if (o.topK) sampling.topK = static_cast<uint32_t>(*o.topK);
    if (o.topP) sampling.topP = static_cast<float>(*o.topP);
    if (o.minP) sampling.minP = static_cast<float>(*o.minP);
    if (o.seed) sampling.seed = static_cast<uint64_t>(*o.seed);
    sampling.maxTokens = o.maxTokens ? static_cast<uint32_t>(*o.maxTokens) : 256;
    if (Status s = sampling.validate(); !s.ok()) {
        std::fprintf(stderr, "hearth-cli run: %s\n", s.message().c_str());
        return 2;
    }
    SessionOptions sessionOptions;
    sessionOptions.cacheType = o.cache;
    sessionOptions.contextLength =
        o.context ? o.context
                  : std::max<uint32_t>(
                        4096, static_cast<uint32_t>(o.promptTokens.size()) + sampling.maxTokens);
    sessionOptions.contextLength =
        std::min(sessionOptions.contextLength, std::max(model.info().contextLength, 1u));
    Result<std::unique_ptr<Session>> session = model.newSession(sessionOptions);
    if (!session.ok()) {
        std::fprintf(stderr, "hearth-cli run: %s\n", session.status().message().c_str());
        return 1;
    }
    const auto start = std::chrono::steady_clock::now();
    if (Status s = session.value()->append(o.promptTokens); !s.ok()) {
        std::fprintf(stderr, "hearth-cli run: %s\n", s.message().c_str());
        return 1;
    }
    const double prefillSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // R1-style output: the template may open the <think> block itself, so the output starts
    // inside it and only </think> shows.
    ReasoningSplitter reasoning(promptOpensReasoning(rendered));
    std::string answerText, reasoningText;
    auto printPiece = [&](int32_t, std::string_view text) {
        const ReasoningDelta delta = reasoning.push(text);
        answerText += delta.answer;
        reasoningText += delta.reasoning;
        if (!o.json) {
            std::fwrite(text.data(), 1, text.size(), stdout);
            std::fflush(stdout);
        }
        return true;
    };
    Result<GenerateResult> result = session.value()->generate(sampling, printPiece);
    if (!result.ok()) {
        std::fprintf(stderr, "\nhearth-cli run: %s\n", result.status().message().c_str());
        return 1;
    }
    const GenerateResult& r = result.value();
    const double ppTps = o.promptTokens.size() / prefillSeconds;
    const double tgTps = r.seconds > 0 ? r.tokens.size() / r.seconds : 0;
    const ReasoningDelta rest = reasoning.finish();
    answerText += rest.answer;
    reasoningText += rest.reasoning;
    if (o.json) {
        QJsonObject out;
        out[QStringLiteral("prompt_tokens")] = toJson(o.promptTokens);
        out[QStringLiteral("tokens")] = toJson(r.tokens);
        out[QStringLiteral("text")] = QString::fromStdString(answerText);
        out[QStringLiteral("reasoning")] = QString::fromStdString(reasoningText);
        out[QStringLiteral("pp_tps")] = ppTps;
        out[QStringLiteral("tg_tps")] = tgTps;
        out[QStringLiteral("device_bytes")] =
            static_cast<qint64>(model.info().weightBytes + session.value()->deviceBytes());
        std::fputs(QJsonDocument(out).toJson(QJsonDocument::Compact).constData(), stdout);
        std::fputs("\n", stdout);
    } else {
        std::fprintf(stderr, "\n\nprompt: %zu tokens, %.2f t/s; generated: %zu tokens, %.2f t/s\n",
                     o.promptTokens.size(), ppTps, r.tokens.size(), tgTps);
    }
    return 0;
}

}  // namespace

int runCommand(const QStringList& arguments) {
    RunOptions o;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& a = arguments[i];
        auto number = [&](std::optional<double>& into) {
            into = numberAfter(arguments, i, "run");
            return into.has_value();
        };
        if (a == QLatin1String("--tokens") && i + 1 < arguments.size()) {
            QString error;
            auto tokens = parseTokenList(arguments[++i], &error);
            if (!tokens) {
                std::fprintf(stderr, "hearth-cli run: --tokens: %s\n", qPrintable(error));
                return 2;
            }
            o.promptTokens = *tokens;
        } else if (a == QLatin1String("--prompt") && i + 1 < arguments.size()) {
            o.promptText = arguments[++i].toStdString();
        } else if (a == QLatin1String("--prompt-file") && i + 1 < arguments.size()) {
            QFile file(arguments[++i]);
            if (!file.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "hearth-cli run: cannot read %s: %s\n",
                             qPrintable(file.fileName()), qPrintable(file.errorString()));
                return 1;
            }
            o.promptText = file.readAll().toStdString();
        } else if (a == QLatin1String("--prompts") && i + 1 < arguments.size()) {
            QFile file(arguments[++i]);
            if (!file.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "hearth-cli run: cannot read %s: %s\n",
                             qPrintable(file.fileName()), qPrintable(file.errorString()));
                return 1;
            }
            for (const QByteArray& line : file.readAll().split('\n'))
                if (!line.trimmed().isEmpty()) o.prompts.push_back(line.toStdString());
            if (o.prompts.empty()) {
                std::fprintf(stderr, "hearth-cli run: %s holds no prompt\n",
                             qPrintable(file.fileName()));
                return 2;
            }
            o.promptText = o.prompts.front();
        } else if (a == QLatin1String("--chat")) {
            o.chat = true;
        } else if (a == QLatin1String("--json")) {
            o.json = true;
        } else if (a == QLatin1String("--cache") && i + 1 < arguments.size()) {
            const QString type = arguments[++i];
            if (type != QLatin1String("f16") && type != QLatin1String("q8_0")) {
                std::fprintf(stderr, "hearth-cli run: --cache is f16 or q8_0, not '%s'\n",
                             qPrintable(type));
                return 2;
            }
            o.cache = type == QLatin1String("q8_0") ? KvCacheType::Q8_0 : KvCacheType::F16;
        } else if (a == QLatin1String("--ctx")) {
            std::optional<double> ctx;
            if (!number(ctx) || *ctx < 1) return 2;
            o.context = static_cast<uint32_t>(*ctx);
        } else if (std::optional<double>* value = numericOption(o, a)) {
            if (!number(*value)) return 2;
        } else if (!a.startsWith(QLatin1Char('-')) && o.model.isEmpty()) {
            o.model = a;
        } else {
            std::fprintf(stderr, "hearth-cli run: unknown or incomplete option '%s'\n",
                         qPrintable(a));
            return 2;
        }
    }
    if (o.model.isEmpty()) {
        std::fprintf(stderr, "hearth-cli run: which model? hearth-cli run MODEL --tokens ...\n");
        return 2;
    }
    if (o.promptText.has_value() == !o.promptTokens.empty() || (o.chat && !o.promptText)) {
        std::fprintf(stderr,
                     "hearth-cli run: give one prompt: --prompt TEXT, --prompt-file F "
                     "(with --chat for the chat template) or --tokens ID,ID,...\n");
        return 2;
    }

    std::unique_ptr<Model> model = loadModel(o.model, "run");
    if (!model) return 1;
    if (o.prompts.empty()) return answer(*model, o);
    for (const std::string& prompt : o.prompts) {
        RunOptions one = o;
        one.promptText = prompt;
        if (const int code = answer(*model, one); code != 0) return code;
    }
    return 0;
}

}  // namespace hearth::cli
