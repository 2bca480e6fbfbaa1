#include "chat/chat_types.h"

namespace hearth::chat {

void registerChatMetaTypes() {
    qRegisterMetaType<ChatTurn>();
    qRegisterMetaType<QList<ChatTurn>>();
    qRegisterMetaType<SamplingSettings>();
    qRegisterMetaType<GenerationRequest>();
    qRegisterMetaType<GenerationStopReason>();
    qRegisterMetaType<GenerationStats>();
    qRegisterMetaType<ModelSummary>();
}

QString stopReasonName(GenerationStopReason reason) {
    switch (reason) {
        case GenerationStopReason::EndOfText:
            return QStringLiteral("end of text");
        case GenerationStopReason::MaxTokens:
            return QStringLiteral("max tokens");
        case GenerationStopReason::Cancelled:
            return QStringLiteral("cancelled");
        case GenerationStopReason::ContextFull:
            return QStringLiteral("context full");
    }
    return {};
}

}  // namespace hearth::chat
