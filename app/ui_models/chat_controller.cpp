#include "ui_models/chat_controller.h"

#include <QFileInfo>
#include <QJSEngine>
#include <QLocale>
#include <QSettings>
#include <algorithm>

#include "storage/data_paths.h"

namespace hearth::ui {

namespace {

ChatController* g_instance = nullptr;
constexpr int kStreamWriteMs = 500;  // an answer reaches the database at least this often
constexpr int kUndoMs = 8000;

// A new conversation's title: the start of its first message, on one line.
QString titleFrom(const QString& text) {
    QString line = text.simplified();
    if (line.size() > 60) line = line.left(57).trimmed() + QStringLiteral("…");
    return line.isEmpty() ? ChatController::tr("New chat") : line;
}

chat::SamplingSettings samplingFrom(const QJsonObject& json, chat::SamplingSettings s) {
    s.temperature = json.value(QStringLiteral("temperature")).toDouble(s.temperature);
    s.topP = json.value(QStringLiteral("top_p")).toDouble(s.topP);
    s.topK = json.value(QStringLiteral("top_k")).toInt(s.topK);
    s.minP = json.value(QStringLiteral("min_p")).toDouble(s.minP);
    s.maxTokens = json.value(QStringLiteral("max_tokens")).toInt(s.maxTokens);
    return s;
}

// A conversation may ask for a smaller context than the worker's default (tests of the context
// policy, or to save memory); 0 or absent: the worker's default, clamped to the model's.
int contextLengthFrom(const QJsonObject& json) {
    return std::max(json.value(QStringLiteral("context_length")).toInt(0), 0);
}

}  // namespace

ChatController::ChatController(const QString& databasePath, QObject* parent) : QObject(parent) {
    chat::registerChatMetaTypes();
    const QString path = databasePath.isEmpty() ? storage::historyDatabasePath() : databasePath;
    auto history = storage::History::open(path);
    if (history.ok()) {
        m_history = std::move(history).value();
        if (m_history->isReadOnly()) setNotice(m_history->readOnlyReason());
    } else {
        setNotice(tr("Your history could not be opened: %1")
                      .arg(QString::fromStdString(history.status().message())));
    }
    m_undoTimer.setSingleShot(true);
    m_undoTimer.setInterval(kUndoMs);
    connect(&m_undoTimer, &QTimer::timeout, this, [this] {
        m_deleted = 0;
        emit canUndoChanged();
    });

    chat::InferenceWorker* worker = m_inference.worker();
    connect(worker, &chat::InferenceWorker::loadProgress, this, [this](double fraction) {
        m_loadProgress = fraction;
        emit modelChanged();
    });
    connect(worker, &chat::InferenceWorker::modelLoaded, this,
            [this](const chat::ModelSummary& summary) {
                m_model = summary;
                m_loading = false;
                m_modelError.clear();
                QSettings(storage::settingsPath(), QSettings::IniFormat)
                    .setValue(QStringLiteral("model/lastPath"), summary.path);
                if (!summary.templateWarning.isEmpty()) setNotice(summary.templateWarning);
                emit modelChanged();
                emit contextChanged();
                emit settingsChanged();
                updateContextMeter();
            });
    connect(worker, &chat::InferenceWorker::loadFailed, this, [this](const QString& message) {
        m_loading = false;
        m_modelError = message;
        setNotice(message);
        emit modelChanged();
    });
    connect(worker, &chat::InferenceWorker::tokens, this, &ChatController::onTokens);
    connect(worker, &chat::InferenceWorker::finished, this, &ChatController::onFinished);
    connect(worker, &chat::InferenceWorker::failed, this, &ChatController::onFailed);
    connect(worker, &chat::InferenceWorker::contextFull, this, &ChatController::onContextFull);
    connect(worker, &chat::InferenceWorker::turnsFitted, this, &ChatController::onTurnsFitted);
    connect(worker, &chat::InferenceWorker::tokenCount, this, [this](quint64, int tokens) {
        m_contextUsed = std::max(tokens, 0);
        emit contextChanged();
    });
    refreshConversations();
}

ChatController::~ChatController() {
    if (m_requestId != 0) {
        m_inference.cancelGeneration();
        // What streamed so far is kept; the next start finds it marked interrupted.
        flushAnswer(true);
    }
    if (g_instance == this) g_instance = nullptr;
}

void ChatController::setInstance(ChatController* instance) {
    g_instance = instance;
}

ChatController* ChatController::create(QQmlEngine*, QJSEngine*) {
    // Owned by main() (or the test), which outlives the engine: QML must not delete it.
    QJSEngine::setObjectOwnership(g_instance, QJSEngine::CppOwnership);
    return g_instance;
}

QString ChatController::currentTitle() const {
    if (m_current == 0) return tr("New chat");
    return m_conversations.titleOf(m_current);
}

// The context the worker will use for this conversation: its own setting, else the worker's
// default (chat/inference_worker.cpp), never more than the model was trained for.
int ChatController::contextLength() const {
    if (!modelLoaded()) return 0;
    constexpr int kWorkerDefaultContext = 4096;
    int requested = kWorkerDefaultContext;
    if (m_history && m_current != 0)
        if (auto conversation = m_history->conversation(m_current); conversation.ok())
            if (const int own = contextLengthFrom(conversation->settings.sampling); own > 0)
                requested = own;
    return m_model.contextLength > 0 ? std::min(requested, m_model.contextLength) : requested;
}

QString ChatController::modelDetails() const {
    if (!modelLoaded()) return {};
    const QLocale locale;
    return tr("%1 · %2 parameters · %3 on the device · %4")
        .arg(m_model.architecture,
             locale
                 .formattedDataSize(static_cast<qint64>(m_model.parameterCount), 1,
                                    QLocale::DataSizeSIFormat)
                 .replace(QStringLiteral("B"), QString()),
             locale.formattedDataSize(static_cast<qint64>(m_model.weightBytes)),
             m_model.deviceName);
}

void ChatController::setNotice(const QString& text) {
    m_notice = text;
    emit noticeChanged();
}

void ChatController::refreshConversations() {
    if (!m_history) return;
    auto rows = m_history->listConversations();
    if (rows.ok()) m_conversations.reset(std::move(rows).value());
    emit currentChanged();
}

void ChatController::showConversation(qint64 id) {
    m_current = id;
    std::vector<storage::Message> path;
    if (m_history && id != 0) {
        auto read = m_history->currentPath(id);
        if (read.ok()) path = std::move(read).value();
    }
    m_messages.reset(std::move(path));
    emit currentChanged();
    emit contextChanged();
    emit settingsChanged();
    updateContextMeter();
}

void ChatController::newConversation() {
    if (generating()) stop();
    m_draft = {};
    setNotice({});
    showConversation(0);
}

void ChatController::select(qint64 conversationId) {
    if (conversationId == m_current) return;
    if (generating()) stop();
    setNotice({});
    showConversation(conversationId);
}

void ChatController::rename(qint64 conversationId, const QString& title) {
    if (!m_history || title.trimmed().isEmpty()) return;
    if (Status s = m_history->renameConversation(conversationId, title.trimmed()); !s.ok())
        setNotice(QString::fromStdString(s.message()));
    refreshConversations();
}

void ChatController::remove(qint64 conversationId) {
    if (!m_history) return;
    if (conversationId == m_current && generating()) stop();
    if (Status s = m_history->deleteConversation(conversationId); !s.ok()) {
        setNotice(QString::fromStdString(s.message()));
        return;
    }
    m_deleted = conversationId;
    m_undoTimer.start();
    emit canUndoChanged();
    if (conversationId == m_current) showConversation(0);
    refreshConversations();
}

void ChatController::undoRemove() {
    if (!m_history || m_deleted == 0) return;
    if (Status s = m_history->restoreConversation(m_deleted); !s.ok())
        setNotice(QString::fromStdString(s.message()));
    const qint64 restored = m_deleted;
    m_deleted = 0;
    m_undoTimer.stop();
    emit canUndoChanged();
    refreshConversations();
    showConversation(restored);
}

void ChatController::togglePin(qint64 conversationId) {
    if (!m_history) return;
    auto conversation = m_history->conversation(conversationId);
    if (!conversation.ok()) return;
    (void)m_history->setPinned(conversationId, !conversation->pinned);
    refreshConversations();
}

QList<chat::ChatTurn> ChatController::turnsFor(const std::vector<storage::Message>& path) const {
    QList<chat::ChatTurn> turns;
    if (m_history && m_current != 0) {
        auto conversation = m_history->conversation(m_current);
        if (conversation.ok() && !conversation->settings.systemPrompt.isEmpty())
            turns.append({QStringLiteral("system"), conversation->settings.systemPrompt});
    }
    // Earlier answers go back to the model without their reasoning.
    for (const storage::Message& m : path)
        if (m.state != storage::MessageState::Generating)
            turns.append({storage::roleName(m.role), m.content});
    return turns;
}

void ChatController::send(const QString& text) {
    if (!m_history || generating() || !modelLoaded() || text.trimmed().isEmpty()) return;
    if (m_current == 0) {
        storage::NewConversation conversation;
        conversation.title = titleFrom(text);
        conversation.settings = m_draft;
        conversation.settings.modelPath = m_model.path;
        auto id = m_history->createConversation(conversation);
        if (!id.ok()) {
            setNotice(QString::fromStdString(id.status().message()));
            return;
        }
        m_current = id.value();
    }
    const std::vector<storage::Message>& path = m_messages.messages();
    storage::NewMessage user;
    user.parentId = path.empty() || m_current != path.back().conversationId ? 0 : path.back().id;
    user.role = storage::Role::User;
    user.content = text;
    auto userId = m_history->addMessage(m_current, user);
    if (!userId.ok()) {
        setNotice(QString::fromStdString(userId.status().message()));
        return;
    }
    refreshConversations();
    answer(userId.value());
}

void ChatController::answer(qint64 parentId) {
    storage::NewMessage reply;
    reply.parentId = parentId;
    reply.role = storage::Role::Assistant;
    reply.model = m_model.name;
    reply.state = storage::MessageState::Generating;
    auto replyId = m_history->addMessage(m_current, reply);
    if (!replyId.ok()) {
        setNotice(QString::fromStdString(replyId.status().message()));
        return;
    }
    m_answerId = replyId.value();
    m_answer.clear();
    m_reasoning.clear();
    m_stopped = false;
    setNotice({});
    showConversation(m_current);
    startGeneration(turnsFor(m_messages.messages()));
}

void ChatController::startGeneration(const QList<chat::ChatTurn>& turns) {
    chat::GenerationRequest request;
    request.requestId = m_nextRequestId++;
    request.conversationId = QString::number(m_current);
    request.turns = turns;
    chat::SamplingSettings sampling = m_model.defaultSampling;
    if (auto conversation = m_history->conversation(m_current); conversation.ok()) {
        sampling = samplingFrom(conversation->settings.sampling, sampling);
        request.contextLength = contextLengthFrom(conversation->settings.sampling);
    }
    request.sampling = sampling;
    m_pendingTurns = turns;
    m_pendingMaxTokens = sampling.maxTokens;
    m_requestId = request.requestId;
    m_sinceFlush.start();
    emit generatingChanged();
    m_inference.generate(request);
}

void ChatController::stop() {
    if (m_requestId == 0) return;
    m_stopped = true;
    m_inference.cancelGeneration(m_requestId);
}

void ChatController::regenerate(qint64 answerId) {
    if (!m_history || generating() || !modelLoaded()) return;
    auto message = m_history->message(answerId);
    if (!message.ok() || message->role != storage::Role::Assistant) return;
    answer(message->parentId);
}

void ChatController::edit(qint64 userMessageId, const QString& text) {
    if (!m_history || generating() || !modelLoaded() || text.trimmed().isEmpty()) return;
    auto message = m_history->message(userMessageId);
    if (!message.ok() || message->role != storage::Role::User) return;
    storage::NewMessage user;
    user.parentId = message->parentId;  // a sibling: the original stays as it was
    user.role = storage::Role::User;
    user.content = text;
    auto userId = m_history->addMessage(m_current, user);
    if (!userId.ok()) {
        setNotice(QString::fromStdString(userId.status().message()));
        return;
    }
    answer(userId.value());
}

void ChatController::switchBranch(qint64 messageId, int step) {
    if (!m_history || generating()) return;
    auto siblings = m_history->siblings(messageId);
    if (!siblings.ok()) return;
    const int target = siblings->index + step;
    if (target < 0 || target >= static_cast<int>(siblings->ids.size())) return;
    if (m_history->selectBranch(siblings->ids[static_cast<size_t>(target)]).ok())
        showConversation(m_current);
}

void ChatController::search(const QString& text) {
    if (!m_history || text.trimmed().isEmpty()) {
        m_searchResults.reset({});
        return;
    }
    auto hits = m_history->search(text);
    m_searchResults.reset(hits.ok() ? std::move(hits).value() : std::vector<storage::SearchHit>());
}

void ChatController::loadModel(const QString& path) {
    if (path.isEmpty() || m_loading) return;
    m_loading = true;
    m_loadProgress = 0;
    m_modelError.clear();
    emit modelChanged();
    m_inference.loadModel(path);
}

void ChatController::cancelLoad() {
    m_inference.cancelLoad();
}

storage::ConversationSettings ChatController::settings() const {
    if (m_history && m_current != 0)
        if (auto conversation = m_history->conversation(m_current); conversation.ok())
            return conversation->settings;
    return m_draft;
}

chat::SamplingSettings ChatController::sampling() const {
    return samplingFrom(settings().sampling, m_model.defaultSampling);
}

void ChatController::saveSettings(const QString& systemPrompt, double temperature, double topP,
                                  int maxTokens) {
    storage::ConversationSettings s = settings();
    s.systemPrompt = systemPrompt.trimmed();
    s.sampling.insert(QStringLiteral("temperature"), std::clamp(temperature, 0.0, 2.0));
    s.sampling.insert(QStringLiteral("top_p"), std::clamp(topP, 0.0, 1.0));
    s.sampling.insert(QStringLiteral("max_tokens"), std::clamp(maxTokens, 1, 131072));
    if (m_current == 0) {
        m_draft = s;
    } else if (m_history) {
        if (Status status = m_history->setSettings(m_current, s); !status.ok())
            setNotice(QString::fromStdString(status.message()));
    }
    emit settingsChanged();
    updateContextMeter();
}

void ChatController::resetSettings() {
    storage::ConversationSettings s = settings();
    s.systemPrompt.clear();
    for (const char* key : {"temperature", "top_p", "max_tokens", "top_k", "min_p"})
        s.sampling.remove(QLatin1String(key));
    if (m_current == 0)
        m_draft = s;
    else if (m_history)
        (void)m_history->setSettings(m_current, s);
    emit settingsChanged();
    updateContextMeter();
}

QString ChatController::lastAnswer() const {
    const auto& messages = m_messages.messages();
    for (auto it = messages.rbegin(); it != messages.rend(); ++it)
        if (it->role == storage::Role::Assistant) return it->content;
    return {};
}

void ChatController::flushAnswer(bool force) {
    if (!m_history || m_answerId == 0) return;
    if (!force && m_sinceFlush.elapsed() < kStreamWriteMs) return;
    (void)m_history->updateGenerating(m_answerId, m_answer, m_reasoning);
    m_sinceFlush.restart();
}

void ChatController::onTokens(quint64 requestId, const QString& answer, const QString& reasoning) {
    if (requestId != m_requestId) return;
    m_answer += answer;
    m_reasoning += reasoning;
    m_messages.update(m_answerId, [&](storage::Message& m) {
        m.content = m_answer;
        m.reasoning = m_reasoning;
    });
    flushAnswer(false);
}

void ChatController::finishAnswer(storage::MessageState state, const storage::MessageStats& stats,
                                  const QString& error) {
    const qint64 id = m_answerId;
    storage::FinishedMessage finished;
    finished.content = m_answer;
    finished.reasoning = m_reasoning;
    finished.state = state;
    finished.stats = stats;
    finished.error = error;
    if (Status s = m_history->finishMessage(id, finished); !s.ok())
        setNotice(QString::fromStdString(s.message()));
    m_requestId = 0;
    m_answerId = 0;
    emit generatingChanged();
    showConversation(m_current);
    refreshConversations();
    emit answerFinished(id);
}

void ChatController::onFinished(quint64 requestId, const chat::GenerationStats& stats) {
    if (requestId != m_requestId) return;
    storage::MessageStats s;
    s.promptTokens = stats.promptTokens;
    s.completionTokens = stats.completionTokens;
    s.timeToFirstTokenMs = stats.timeToFirstTokenSeconds * 1000.0;
    s.tokensPerSecond = stats.tokensPerSecond;
    if (stats.reasoningSeconds > 0) s.reasoningSeconds = stats.reasoningSeconds;
    const bool cancelled = stats.stopReason == chat::GenerationStopReason::Cancelled;
    finishAnswer(cancelled ? storage::MessageState::Interrupted : storage::MessageState::Complete,
                 s, {});
}

void ChatController::onFailed(quint64 requestId, const QString& message) {
    if (requestId != m_requestId) return;
    finishAnswer(storage::MessageState::Error, {}, message);
    setNotice(message);
}

// The prompt does not fit: drop the oldest exchanges (never the system prompt or the question)
// and say so; the worker counts.
void ChatController::onContextFull(quint64 requestId, int, int contextLength) {
    if (requestId != m_requestId) return;
    // Room for the answer this request asked for (the conversation's max_tokens), not the
    // model's default: with less, the fitted prompt would not fit either, over and over.
    m_inference.fitTurns(requestId, m_pendingTurns, m_pendingMaxTokens, contextLength);
    m_fitContextLength = contextLength;
}

void ChatController::onTurnsFitted(quint64 requestId, const QList<chat::ChatTurn>& turns,
                                   int dropped, bool fits) {
    if (requestId != m_requestId) return;
    if (!fits) {
        const QString message = tr("This message is too long for the model's context of %1 "
                                   "tokens.")
                                    .arg(m_fitContextLength);
        finishAnswer(storage::MessageState::Error, {}, message);
        setNotice(message);
        return;
    }
    m_requestId = 0;
    startGeneration(turns);
    setNotice(
        tr("The conversation is longer than the model's context: the %n oldest "
           "message(s) were left out of this answer.",
           nullptr, dropped));
}

void ChatController::updateContextMeter() {
    if (!modelLoaded()) return;
    m_inference.countTokens(0, turnsFor(m_messages.messages()));
}

}  // namespace hearth::ui
