// Where a download over several connections stands, kept beside its partial file
// (".NAME.part.ranges") so that a paused, failed or interrupted download resumes every range
// where it stopped. Without it a partial file is read as one run of bytes from its start,
// which a file written at several offsets is not: the ranges file is written before any byte
// lands past the first range, and removed only once the partial file is again one run.
#pragma once

#include <QString>
#include <QtGlobal>
#include <vector>

namespace hearth::library {

struct ByteRange {
    qint64 start = 0;
    qint64 end = 0;   // one past the range's last byte
    qint64 next = 0;  // the next byte to write: [start, next) is on disk
};

struct SavedRanges {
    qint64 total = 0;
    std::vector<ByteRange> ranges;  // in order, covering [0, total) without gaps
};

QString rangesPathFor(const QString& partPath);

// Written whole or not at all.
bool saveRanges(const QString& path, const SavedRanges& saved);

// The saved ranges; none when the file is missing or not a valid cover of a file.
SavedRanges loadRanges(const QString& path);

}  // namespace hearth::library
