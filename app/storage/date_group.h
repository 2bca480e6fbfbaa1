// The headings of the conversation list, as in the chat apps people know: "Pinned", "Today",
// "Yesterday", "Previous 7 days", "Previous 30 days", then a month ("March") for this year and
// a month with its year ("March 2023") before. Days are the local calendar's.
#pragma once

#include <QDateTime>
#include <QString>

namespace hearth::storage {

QString dateGroup(const QDateTime& updatedAt, const QDateTime& now, bool pinned = false);

}  // namespace hearth::storage
