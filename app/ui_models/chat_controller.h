// What the window talks to (QML singleton `Chat` of module HearthCore): the conversation list,
// the branch on screen, search, the model, and the actions on them. It keeps the history
// (storage/history.h) on the GUI thread and hands generation to the inference worker
// (chat/inference_thread.h), which answers with signals: nothing here waits on it.
//
// An answer streams into the history as it grows (at most every 500 ms), so a crash loses at
// most that much; edits and regenerations are new branches; a prompt that does not fit the
// context drops the oldest exchanges, and says so in `notice`. A conversation's settings
// (ConversationSettings::sampling) take the keys temperature, top_p, top_k, min_p, max_tokens
// and context_length (0 or absent: the worker's default).
#pragma once

#include <QtQml/qqmlregistration.h>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <memory>

#include "chat/inference_thread.h"
#include "storage/history.h"
#include "ui_models/conversation_list_model.h"
#include "ui_models/message_list_model.h"
#include "ui_models/search_result_model.h"

class QQmlEngine;
class QJSEngine;

namespace hearth::ui {

class ChatController : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(Chat)
    QML_SINGLETON

    Q_PROPERTY(ConversationListModel* conversations READ conversations CONSTANT)
    Q_PROPERTY(MessageListModel* messages READ messages CONSTANT)
    Q_PROPERTY(SearchResultModel* searchResults READ searchResults CONSTANT)
    Q_PROPERTY(qint64 currentConversation READ currentConversation NOTIFY currentChanged)
    Q_PROPERTY(QString currentTitle READ currentTitle NOTIFY currentChanged)
    Q_PROPERTY(bool generating READ generating NOTIFY generatingChanged)
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)
    Q_PROPERTY(bool canUndo READ canUndo NOTIFY canUndoChanged)
    Q_PROPERTY(int contextUsed READ contextUsed NOTIFY contextChanged)
    Q_PROPERTY(int contextLength READ contextLength NOTIFY contextChanged)
    Q_PROPERTY(bool modelLoaded READ modelLoaded NOTIFY modelChanged)
    Q_PROPERTY(bool loadingModel READ loadingModel NOTIFY modelChanged)
    Q_PROPERTY(double loadProgress READ loadProgress NOTIFY modelChanged)
    Q_PROPERTY(QString modelName READ modelName NOTIFY modelChanged)
    Q_PROPERTY(QString modelDetails READ modelDetails NOTIFY modelChanged)
    Q_PROPERTY(QString modelError READ modelError NOTIFY modelChanged)
    // The open conversation's settings (a new chat's, before its first message): the model's
    // recommendations until the user changes them (R1: temperature 0.6, top-p 0.95, no system
    // prompt).
    Q_PROPERTY(QString systemPrompt READ systemPrompt NOTIFY settingsChanged)
    Q_PROPERTY(double temperature READ temperature NOTIFY settingsChanged)
    Q_PROPERTY(double topP READ topP NOTIFY settingsChanged)
    Q_PROPERTY(int maxTokens READ maxTokens NOTIFY settingsChanged)

public:
    // `databasePath` empty: storage::historyDatabasePath(). Not default-constructible on
    // purpose: Qt 6.4 would then build QML's singleton itself instead of calling create().
    explicit ChatController(const QString& databasePath, QObject* parent = nullptr);
    ~ChatController() override;

    // The instance QML gets (set by main before the engine loads).
    static void setInstance(ChatController* instance);
    static ChatController* create(QQmlEngine*, QJSEngine*);

    ConversationListModel* conversations() { return &m_conversations; }
    MessageListModel* messages() { return &m_messages; }
    SearchResultModel* searchResults() { return &m_searchResults; }
    qint64 currentConversation() const { return m_current; }
    QString currentTitle() const;
    bool generating() const { return m_requestId != 0; }
    QString notice() const { return m_notice; }
    bool canUndo() const { return m_deleted != 0; }
    int contextUsed() const { return m_contextUsed; }
    int contextLength() const;
    bool modelLoaded() const { return !m_model.path.isEmpty(); }
    bool loadingModel() const { return m_loading; }
    double loadProgress() const { return m_loadProgress; }
    QString modelName() const { return m_model.name; }
    QString modelDetails() const;
    QString modelError() const { return m_modelError; }
    QString systemPrompt() const { return settings().systemPrompt; }
    double temperature() const { return sampling().temperature; }
    double topP() const { return sampling().topP; }
    int maxTokens() const { return sampling().maxTokens; }

    Q_INVOKABLE void newConversation();
    Q_INVOKABLE void select(qint64 conversationId);
    Q_INVOKABLE void rename(qint64 conversationId, const QString& title);
    Q_INVOKABLE void remove(qint64 conversationId);
    Q_INVOKABLE void undoRemove();
    Q_INVOKABLE void togglePin(qint64 conversationId);
    Q_INVOKABLE void send(const QString& text);
    Q_INVOKABLE void stop();
    Q_INVOKABLE void regenerate(qint64 answerId);
    Q_INVOKABLE void edit(qint64 userMessageId, const QString& text);
    Q_INVOKABLE void switchBranch(qint64 messageId, int step);
    Q_INVOKABLE void search(const QString& text);
    Q_INVOKABLE void loadModel(const QString& path);
    Q_INVOKABLE void cancelLoad();
    Q_INVOKABLE QString lastAnswer() const;
    Q_INVOKABLE void saveSettings(const QString& systemPrompt, double temperature, double topP,
                                  int maxTokens);
    Q_INVOKABLE void resetSettings();  // back to the model's recommendations
    // Export… and Import… (storage/history_files.h: Markdown for .md, else JSON). The outcome,
    // good or bad, shows in `notice`; an import opens the first conversation it added.
    Q_INVOKABLE bool exportTo(const QUrl& file, qint64 conversationId);  // 0: every one
    Q_INVOKABLE bool importFrom(const QUrl& file);

signals:
    void currentChanged();
    void generatingChanged();
    void noticeChanged();
    void canUndoChanged();
    void contextChanged();
    void modelChanged();
    void settingsChanged();
    void answerFinished(qint64 messageId);  // for tests and the end-to-end run

private:
    void refreshConversations();
    void showConversation(qint64 id);
    void setNotice(const QString& text);
    // Adds an answer under `parentId` (a user message) and asks the worker for it.
    void answer(qint64 parentId);
    void startGeneration(const QList<chat::ChatTurn>& turns);
    QList<chat::ChatTurn> turnsFor(const std::vector<storage::Message>& path) const;
    void flushAnswer(bool force);
    void finishAnswer(storage::MessageState state, const storage::MessageStats& stats,
                      const QString& error);
    void updateContextMeter();
    storage::ConversationSettings settings() const;  // the open conversation's, or the draft
    chat::SamplingSettings sampling() const;

    void onTokens(quint64 requestId, const QString& answer, const QString& reasoning);
    void onFinished(quint64 requestId, const chat::GenerationStats& stats);
    void onFailed(quint64 requestId, const QString& message);
    void onContextFull(quint64 requestId, int promptTokens, int contextLength);
    void onTurnsFitted(quint64 requestId, const QList<chat::ChatTurn>& turns, int dropped,
                       bool fits);

    std::unique_ptr<storage::History> m_history;
    chat::InferenceThread m_inference;
    ConversationListModel m_conversations;
    MessageListModel m_messages;
    SearchResultModel m_searchResults;

    qint64 m_current = 0;
    QString m_notice;
    qint64 m_deleted = 0;  // the conversation Undo brings back
    QTimer m_undoTimer;

    chat::ModelSummary m_model;
    bool m_loading = false;
    double m_loadProgress = 0;
    QString m_modelError;
    int m_contextUsed = 0;

    // The answer being generated.
    quint64 m_requestId = 0;
    quint64 m_nextRequestId = 1;
    qint64 m_answerId = 0;
    QString m_answer, m_reasoning;
    QElapsedTimer m_sinceFlush;
    QList<chat::ChatTurn> m_pendingTurns;
    int m_pendingMaxTokens = 0;  // the request's, reserved when the turns are fitted
    int m_fitContextLength = 0;  // the context the worker fits them into (may be < the model's)
    bool m_stopped = false;
    storage::ConversationSettings m_draft;  // a new chat's settings until its first message
};

}  // namespace hearth::ui
