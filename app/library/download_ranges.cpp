#include "library/download_ranges.h"

#include <QFile>
#include <cstdio>

namespace hearth::library {

namespace {

constexpr char kMagic[] = "hearth-download-ranges 1";

bool coversTheFile(const SavedRanges& saved) {
    if (saved.total <= 0 || saved.ranges.empty()) return false;
    qint64 at = 0;
    for (const ByteRange& r : saved.ranges) {
        if (r.start != at || r.end <= r.start || r.next < r.start || r.next > r.end) return false;
        at = r.end;
    }
    return at == saved.total;
}

}  // namespace

QString rangesPathFor(const QString& partPath) {
    return partPath + QStringLiteral(".ranges");
}

// Written to a temporary file and renamed over the old one, without fsync: it is rewritten
// every second, and on ext4 each fsync would also wait for the download's own dirty pages.
// What an app crash leaves is whole; what a power cut leaves is caught by the hash.
bool saveRanges(const QString& path, const SavedRanges& saved) {
    QByteArray text = QByteArray(kMagic) + '\n' + QByteArray::number(saved.total) + '\n';
    for (const ByteRange& r : saved.ranges)
        text += QByteArray::number(r.start) + ' ' + QByteArray::number(r.end) + ' ' +
                QByteArray::number(r.next) + '\n';
    const QString temporary = path + QStringLiteral(".new");
    QFile file(temporary);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size() ||
        !file.flush()) {
        QFile::remove(temporary);
        return false;
    }
    file.close();
    return std::rename(QFile::encodeName(temporary).constData(),
                       QFile::encodeName(path).constData()) == 0;
}

SavedRanges loadRanges(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    const QList<QByteArray> lines = file.readAll().split('\n');
    if (lines.size() < 3 || lines[0] != kMagic) return {};
    SavedRanges saved;
    bool ok = false;
    saved.total = lines[1].toLongLong(&ok);
    if (!ok) return {};
    for (qsizetype i = 2; i < lines.size(); ++i) {
        if (lines[i].isEmpty()) continue;
        const QList<QByteArray> fields = lines[i].split(' ');
        if (fields.size() != 3) return {};
        ByteRange r;
        bool okStart = false, okEnd = false, okNext = false;
        r.start = fields[0].toLongLong(&okStart);
        r.end = fields[1].toLongLong(&okEnd);
        r.next = fields[2].toLongLong(&okNext);
        if (!okStart || !okEnd || !okNext) return {};
        saved.ranges.push_back(r);
    }
    return coversTheFile(saved) ? saved : SavedRanges{};
}

}  // namespace hearth::library
