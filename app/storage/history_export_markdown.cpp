// The Markdown export: the branch on screen of each conversation, for reading.
#include "storage/history_export.h"

namespace hearth::storage {

namespace {

QString heading(const Message& m) {
    switch (m.role) {
        case Role::System:
            return QStringLiteral("System");
        case Role::User:
            return QStringLiteral("User");
        case Role::Assistant:
            return m.model.isEmpty() ? QStringLiteral("Assistant")
                                     : QStringLiteral("Assistant (%1)").arg(m.model);
    }
    return {};
}

QString blockquote(const QString& text) {
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString& line : lines) line.prepend(QStringLiteral("> "));
    return lines.join(QLatin1Char('\n'));
}

Result<QString> conversationMarkdown(History& history, qint64 id) {
    HEARTH_ASSIGN_OR_RETURN(const Conversation c, history.conversation(id));
    HEARTH_ASSIGN_OR_RETURN(const std::vector<Message> path, history.currentPath(id));
    QString md =
        QStringLiteral("# %1\n\n").arg(c.title.isEmpty() ? QStringLiteral("Untitled") : c.title);
    md += QStringLiteral("*Started %1 UTC*\n\n")
              .arg(c.createdAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    if (!c.settings.systemPrompt.isEmpty())
        md += QStringLiteral("System prompt:\n\n%1\n\n").arg(blockquote(c.settings.systemPrompt));
    for (const Message& m : path) {
        md += QStringLiteral("## %1\n\n").arg(heading(m));
        if (!m.reasoning.isEmpty()) {
            const QString summary =
                m.stats.reasoningSeconds
                    ? QStringLiteral("Thought for %1 s").arg(qRound(*m.stats.reasoningSeconds))
                    : QStringLiteral("Reasoning");
            md += QStringLiteral("<details>\n<summary>%1</summary>\n\n%2\n\n</details>\n\n")
                      .arg(summary, m.reasoning);
        }
        if (!m.content.isEmpty()) md += m.content + QStringLiteral("\n\n");
        if (m.state == MessageState::Interrupted) md += QStringLiteral("*(interrupted)*\n\n");
        if (m.state == MessageState::Generating) md += QStringLiteral("*(still generating)*\n\n");
        if (m.state == MessageState::Error) md += QStringLiteral("*(error: %1)*\n\n").arg(m.error);
    }
    return md;
}

}  // namespace

Result<QString> exportMarkdown(History& history, qint64 conversationId) {
    HEARTH_ASSIGN_OR_RETURN(const std::vector<qint64> ids,
                            exportedConversations(history, conversationId));
    QStringList parts;
    for (qint64 id : ids) {
        HEARTH_ASSIGN_OR_RETURN(QString md, conversationMarkdown(history, id));
        parts << md.trimmed() + QLatin1Char('\n');
    }
    return parts.join(QStringLiteral("\n---\n\n"));
}

}  // namespace hearth::storage
