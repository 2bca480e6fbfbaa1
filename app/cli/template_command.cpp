// hearth-cli template MODEL --messages FILE.json [--add-generation-prompt]
// Prints the prompt the model's chat template makes of the messages (a JSON array of objects
// with role, content and any other fields the template reads). A model without a template, or
// with one that does not parse, gets the built-in template of its family, with a warning on
// stderr.
#include <QFile>
#include <cstdio>

#include "cli/cli.h"
#include "cli/model_options.h"
#include "hearth/chat_template.h"

namespace hearth::cli {

int templateCommand(const QStringList& arguments) {
    QString modelPath, messagesPath;
    bool generationPrompt = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& a = arguments[i];
        if (a == QLatin1String("--messages") && i + 1 < arguments.size()) {
            messagesPath = arguments[++i];
        } else if (a == QLatin1String("--add-generation-prompt")) {
            generationPrompt = true;
        } else if (!a.startsWith(QLatin1Char('-')) && modelPath.isEmpty()) {
            modelPath = a;
        } else {
            std::fprintf(stderr, "hearth-cli template: unknown or incomplete option '%s'\n",
                         qPrintable(a));
            return 2;
        }
    }
    if (modelPath.isEmpty() || messagesPath.isEmpty()) {
        std::fprintf(stderr,
                     "hearth-cli template: usage: hearth-cli template MODEL --messages "
                     "FILE.json [--add-generation-prompt]\n");
        return 2;
    }
    QFile file(messagesPath);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "hearth-cli template: cannot read %s: %s\n", qPrintable(messagesPath),
                     qPrintable(file.errorString()));
        return 1;
    }
    const QByteArray messages = file.readAll();

    // Only the metadata: rendering needs the template and the special tokens, not the weights.
    const std::unique_ptr<Model> model = loadModel(modelPath, "template", true);
    if (!model) return 1;
    ModelChatFormat format = chatFormatFor(*model);
    if (!format.choice.warning.empty())
        std::fprintf(stderr, "hearth-cli template: warning: %s\n", format.choice.warning.c_str());
    format.options.addGenerationPrompt = generationPrompt;
    const Result<std::string> prompt = format.choice.chatTemplate.render(
        std::string_view(messages.constData(), static_cast<size_t>(messages.size())),
        format.options);
    if (!prompt.ok()) {
        std::fprintf(stderr, "hearth-cli template: %s\n", prompt.status().message().c_str());
        return 1;
    }
    std::fwrite(prompt.value().data(), 1, prompt.value().size(), stdout);
    return 0;
}

}  // namespace hearth::cli
