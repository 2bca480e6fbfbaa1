#include "library/catalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <set>

#include "library/hugging_face.h"

namespace hearth::library {

namespace {

constexpr int kCatalogVersion = 1;

Status catalogError(const QString& where, const QString& what) {
    return Status::error(QStringLiteral("catalog: %1: %2").arg(where, what).toStdString());
}

Result<QString> text(const QJsonObject& o, const char* key, const QString& where) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isString() || v.toString().isEmpty())
        return catalogError(
            where, QStringLiteral("\"%1\" must be a non-empty string").arg(QLatin1String(key)));
    return v.toString();
}

// A whole number in 1..2^53 (JSON doubles hold these exactly).
Result<qint64> count(const QJsonObject& o, const char* key, const QString& where) {
    const QJsonValue v = o.value(QLatin1String(key));
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d < 1 || d > 9007199254740992.0 ||
        d != static_cast<double>(static_cast<qint64>(d)))
        return catalogError(
            where,
            QStringLiteral("\"%1\" must be a positive whole number").arg(QLatin1String(key)));
    return static_cast<qint64>(d);
}

// "-00002-of-00005.gguf": part 2 of 5.
struct SplitPart {
    int number = 0, total = 0;
};
SplitPart splitPart(const QString& path) {
    static const QRegularExpression split(QStringLiteral("-(\\d{5})-of-(\\d{5})\\.gguf$"));
    const QRegularExpressionMatch m = split.match(path);
    if (!m.hasMatch()) return {};
    return {m.captured(1).toInt(), m.captured(2).toInt()};
}

Result<CatalogFile> parseFile(const QJsonValue& value, const QString& where) {
    if (!value.isObject()) return catalogError(where, QStringLiteral("must be an object"));
    const QJsonObject o = value.toObject();
    CatalogFile f;
    HEARTH_ASSIGN_OR_RETURN(f.path, text(o, "path", where));
    static const QRegularExpression safePath(
        QStringLiteral("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*\\.gguf$"));
    if (!safePath.match(f.path).hasMatch() || f.path.split(u'/').contains(QStringLiteral("..")))
        return catalogError(where, QStringLiteral("\"%1\" is not a .gguf path inside the "
                                                  "repository")
                                       .arg(f.path));
    if (o.contains(QStringLiteral("bytes"))) {
        HEARTH_ASSIGN_OR_RETURN(f.bytes, count(o, "bytes", where));
    }
    if (o.contains(QStringLiteral("sha256"))) {
        HEARTH_ASSIGN_OR_RETURN(const QString sha, text(o, "sha256", where));
        static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
        if (!hex.match(sha).hasMatch())
            return catalogError(where, QStringLiteral("\"sha256\" must be 64 lowercase hex "
                                                      "digits"));
        f.sha256 = sha.toLatin1();
    }
    return f;
}

Result<CatalogQuantization> parseQuantization(const QJsonValue& value, const QString& where) {
    if (!value.isObject()) return catalogError(where, QStringLiteral("must be an object"));
    const QJsonObject o = value.toObject();
    CatalogQuantization q;
    HEARTH_ASSIGN_OR_RETURN(q.quant, text(o, "quant", where));
    HEARTH_ASSIGN_OR_RETURN(q.repo, text(o, "repo", where));
    static const QRegularExpression repo(QStringLiteral("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"));
    if (!repo.match(q.repo).hasMatch() || q.repo.contains(QStringLiteral("..")))
        return catalogError(where,
                            QStringLiteral("\"%1\" is not an owner/name repository").arg(q.repo));
    HEARTH_ASSIGN_OR_RETURN(q.approxBytes, count(o, "approx_bytes", where));
    const QJsonArray files = o.value(QStringLiteral("files")).toArray();
    if (files.isEmpty()) return catalogError(where, QStringLiteral("\"files\" is empty"));
    for (qsizetype i = 0; i < files.size(); ++i) {
        HEARTH_ASSIGN_OR_RETURN(
            CatalogFile f, parseFile(files[i], where + QStringLiteral(", file %1").arg(i + 1)));
        q.files.push_back(std::move(f));
    }
    // One file, or a whole split set in order.
    const auto total = static_cast<int>(q.files.size());
    for (int i = 0; i < total; ++i) {
        const SplitPart part = splitPart(q.files[static_cast<size_t>(i)].path);
        const bool ok = total == 1 ? part.total <= 1 : part.number == i + 1 && part.total == total;
        if (!ok)
            return catalogError(where, QStringLiteral("%1 is not part %2 of a %3-file set")
                                           .arg(q.files[static_cast<size_t>(i)].path)
                                           .arg(i + 1)
                                           .arg(total));
    }
    return q;
}

Result<CatalogModel> parseModel(const QJsonValue& value, const QString& where) {
    if (!value.isObject()) return catalogError(where, QStringLiteral("must be an object"));
    const QJsonObject o = value.toObject();
    CatalogModel m;
    HEARTH_ASSIGN_OR_RETURN(m.id, text(o, "id", where));
    const QString at = where + QStringLiteral(" (") + m.id + QLatin1Char(')');
    HEARTH_ASSIGN_OR_RETURN(m.name, text(o, "name", at));
    HEARTH_ASSIGN_OR_RETURN(m.architecture, text(o, "architecture", at));
    HEARTH_ASSIGN_OR_RETURN(const qint64 context, count(o, "context_length", at));
    HEARTH_ASSIGN_OR_RETURN(const qint64 kv, count(o, "kv_bytes_per_token", at));
    m.contextLength = static_cast<quint32>(context);
    m.kvBytesPerToken = static_cast<quint64>(kv);
    const QJsonObject shape = o.value(QStringLiteral("shape")).toObject();
    const QString shapeAt = at + QStringLiteral(", shape");
    quint32* fields[] = {&m.layers, &m.hidden, &m.heads, &m.kvHeads, &m.headDim, &m.ffn, &m.vocab};
    const char* names[] = {"layers", "hidden", "heads", "kv_heads", "head_dim", "ffn", "vocab"};
    for (size_t i = 0; i < std::size(fields); ++i) {
        HEARTH_ASSIGN_OR_RETURN(const qint64 n, count(shape, names[i], shapeAt));
        *fields[i] = static_cast<quint32>(n);
    }
    const QJsonArray quants = o.value(QStringLiteral("quantizations")).toArray();
    if (quants.isEmpty()) return catalogError(at, QStringLiteral("\"quantizations\" is empty"));
    for (const QJsonValue& q : quants) {
        const QString qAt =
            at + QStringLiteral(", ") + q.toObject().value(QStringLiteral("quant")).toString();
        HEARTH_ASSIGN_OR_RETURN(CatalogQuantization parsed, parseQuantization(q, qAt));
        m.quantizations.push_back(std::move(parsed));
    }
    return m;
}

}  // namespace

QUrl CatalogQuantization::url(const CatalogFile& file) const {
    QUrl url = huggingFaceEndpoint();
    url.setPath(url.path() + QStringLiteral("/%1/resolve/main/%2").arg(repo, file.path));
    return url;
}

InstalledModel CatalogModel::asInstalled(const CatalogQuantization& q) const {
    InstalledModel m;
    m.entryName = q.files.front().path.section(u'/', -1);
    m.name = name;
    m.architecture = architecture;
    m.bytes = q.approxBytes;
    m.contextLength = contextLength;
    m.layers = layers;
    m.hidden = hidden;
    m.heads = heads;
    m.kvHeads = kvHeads;
    m.headDim = headDim;
    m.ffn = ffn;
    m.vocabSize = vocab;
    m.kvBytesPerToken = kvBytesPerToken;
    return m;
}

Result<std::vector<CatalogModel>> parseCatalog(const QByteArray& json) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return catalogError(QStringLiteral("byte %1").arg(error.offset),
                            QStringLiteral("not valid JSON: ") + error.errorString());
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String("hearth-catalog"))
        return catalogError(QStringLiteral("top"), QStringLiteral("not a Hearth catalog"));
    if (root.value(QStringLiteral("version")).toInt() != kCatalogVersion)
        return catalogError(QStringLiteral("top"),
                            QStringLiteral("version %1 is not %2")
                                .arg(root.value(QStringLiteral("version")).toInt())
                                .arg(kCatalogVersion));
    const QJsonArray models = root.value(QStringLiteral("models")).toArray();
    std::vector<CatalogModel> catalog;
    std::set<QString> ids;
    for (qsizetype i = 0; i < models.size(); ++i) {
        HEARTH_ASSIGN_OR_RETURN(CatalogModel m,
                                parseModel(models[i], QStringLiteral("model %1").arg(i + 1)));
        if (!ids.insert(m.id).second)
            return catalogError(QStringLiteral("model %1").arg(i + 1),
                                QStringLiteral("id \"%1\" appears twice").arg(m.id));
        catalog.push_back(std::move(m));
    }
    return catalog;
}

Result<std::vector<CatalogModel>> builtinCatalog() {
    QFile file(QStringLiteral(":/hearth/catalog.json"));
    if (!file.open(QIODevice::ReadOnly))
        return Status::error("catalog: the built-in catalog is missing from this build");
    return parseCatalog(file.readAll());
}

}  // namespace hearth::library
