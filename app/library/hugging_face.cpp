#include "library/hugging_face.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QUrlQuery>
#include <map>

#include "library/download.h"

namespace hearth::library {

namespace {

constexpr int kMaxTreePages = 50;
constexpr int kTimeoutMs = 30000;
constexpr int kSearchLimit = 30;

const QRegularExpression& splitPart() {
    static const QRegularExpression re(QStringLiteral("^(.*)-(\\d{5})-of-(\\d{5})\\.gguf$"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

// "Q4_K_M", "IQ1_S", "F16"... as the file names it, upper case; else empty.
QString quantFromName(const QString& name) {
    static const QRegularExpression re(
        QStringLiteral("(?:^|[-_.])(I?Q\\d(?:_[A-Z0-9]+)*|BF16|F16|F32)(?=$|[-.])"),
        QRegularExpression::CaseInsensitiveOption);
    QString quant;
    for (auto it = re.globalMatch(name); it.hasNext();) quant = it.next().captured(1);
    return quant.toUpper();
}

// "<URL>; rel=\"next\"" in a Link header: URL, else empty.
QUrl nextPage(const QByteArray& link) {
    static const QRegularExpression re(QStringLiteral("<([^>]+)>\\s*;\\s*rel=\"?next\"?"));
    const QRegularExpressionMatch m = re.match(QString::fromLatin1(link));
    return m.hasMatch() ? QUrl(m.captured(1)) : QUrl();
}

Status badAnswer(const QString& what) {
    return Status::error("Hugging Face sent an answer Hearth cannot read (" + what.toStdString() +
                         ")");
}

}  // namespace

QUrl huggingFaceEndpoint() {
    const QByteArray mirror = qgetenv("HF_ENDPOINT").trimmed();
    QString endpoint =
        mirror.isEmpty() ? QStringLiteral("https://huggingface.co") : QString::fromUtf8(mirror);
    while (endpoint.endsWith(u'/')) endpoint.chop(1);
    return QUrl(endpoint);
}

QString repoIdFrom(const QString& text) {
    static const QRegularExpression id(QStringLiteral("^[A-Za-z0-9][\\w.-]*/[\\w.-]+$"));
    QString t = text.trimmed();
    for (const QString& prefix :
         {huggingFaceEndpoint().toString() + u'/', QStringLiteral("https://huggingface.co/"),
          QStringLiteral("https://hf.co/"), QStringLiteral("huggingface.co/"),
          QStringLiteral("hf.co/")})
        if (t.startsWith(prefix, Qt::CaseInsensitive)) {
            t = t.mid(prefix.size()).section(u'/', 0, 1);  // owner/name of any page of it
            break;
        }
    t = t.section(u'?', 0, 0).section(u'#', 0, 0);
    if (!id.match(t).hasMatch() || t.contains(QLatin1String(".."))) return {};
    return t;
}

qint64 HubModel::bytes() const {
    qint64 total = 0;
    for (const CatalogFile& f : download.files) total += f.bytes;
    return total;
}

Result<std::vector<HubRepo>> parseHubSearch(const QByteArray& json) {
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isArray()) return badAnswer(QStringLiteral("not a list of models"));
    std::vector<HubRepo> repos;
    for (const QJsonValue& v : doc.array()) {
        const QJsonObject o = v.toObject();
        const QString id =
            o.value(QLatin1String("id")).toString(o.value(QLatin1String("modelId")).toString());
        if (repoIdFrom(id) != id) continue;  // nothing Hearth could ask about again
        repos.push_back({id, o.value(QLatin1String("downloads")).toInteger(),
                         o.value(QLatin1String("likes")).toInteger()});
    }
    return repos;
}

Result<std::vector<HubModel>> parseHubTree(const std::vector<QByteArray>& pages,
                                           const QString& repo) {
    std::map<QString, CatalogFile> files;  // by path: in path order
    for (const QByteArray& page : pages) {
        const QJsonDocument doc = QJsonDocument::fromJson(page);
        if (!doc.isArray()) return badAnswer(QStringLiteral("not a list of files"));
        for (const QJsonValue& v : doc.array()) {
            const QJsonObject o = v.toObject();
            const QString path = o.value(QLatin1String("path")).toString();
            if (o.value(QLatin1String("type")).toString() != QLatin1String("file") ||
                !path.endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive) ||
                path.split(u'/').contains(QStringLiteral("..")) || path.startsWith(u'/'))
                continue;
            const QJsonObject lfs = o.value(QLatin1String("lfs")).toObject();
            CatalogFile f;
            f.path = path;
            f.bytes = lfs.contains(QLatin1String("size"))
                          ? lfs.value(QLatin1String("size")).toInteger()
                          : o.value(QLatin1String("size")).toInteger();
            const QByteArray oid = lfs.value(QLatin1String("oid")).toString().toLatin1();
            if (isSha256Hex(oid)) f.sha256 = oid;
            files[path] = f;
        }
    }
    std::vector<HubModel> models;
    // A split set: its name, and its parts by number.
    std::map<QString, std::pair<int, std::map<int, CatalogFile>>> sets;
    for (const auto& [path, file] : files) {
        const QRegularExpressionMatch m = splitPart().match(path);
        if (m.hasMatch()) {
            auto& set = sets[m.captured(1) + u'/' + m.captured(3)];
            set.first = m.captured(3).toInt();
            set.second[m.captured(2).toInt()] = file;
            continue;
        }
        const QString name = path.section(u'/', -1);
        models.push_back({name, {quantFromName(name.chopped(5)), repo, 0, {file}}});
    }
    for (const auto& [key, set] : sets) {
        const auto& [count, parts] = set;
        if (count < 1 || static_cast<int>(parts.size()) != count || parts.begin()->first != 1 ||
            parts.rbegin()->first != count)
            continue;  // an incomplete set cannot be loaded
        const QString name = key.section(u'/', 0, -2).section(u'/', -1);
        HubModel model{name, {quantFromName(name), repo, 0, {}}};
        for (const auto& [number, file] : parts) model.download.files.push_back(file);
        models.push_back(std::move(model));
    }
    std::sort(models.begin(), models.end(), [](const HubModel& a, const HubModel& b) {
        return a.download.files.front().path < b.download.files.front().path;
    });
    for (HubModel& m : models) m.download.approxBytes = m.bytes();
    return models;
}

HubSearch::HubSearch(QObject* parent) : QObject(parent) {}

HubSearch::~HubSearch() {
    stop();
}

void HubSearch::stop() {
    if (m_reply == nullptr) return;
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

void HubSearch::search(const QString& text) {
    stop();
    m_pages.clear();
    m_repo = repoIdFrom(text);
    QUrl url = huggingFaceEndpoint();
    if (!m_repo.isEmpty()) {
        url.setPath(url.path() + QStringLiteral("/api/models/%1/tree/main").arg(m_repo));
        url.setQuery(QStringLiteral("recursive=true"));
    } else {
        const QString words = text.simplified();
        if (words.isEmpty()) return emit failed(tr("Type a model's name or a repository id"));
        url.setPath(url.path() + QStringLiteral("/api/models"));
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("search"), words);
        query.addQueryItem(QStringLiteral("filter"), QStringLiteral("gguf"));
        query.addQueryItem(QStringLiteral("sort"), QStringLiteral("downloads"));
        query.addQueryItem(QStringLiteral("direction"), QStringLiteral("-1"));
        query.addQueryItem(QStringLiteral("limit"), QString::number(kSearchLimit));
        url.setQuery(query);
    }
    get(url);
}

void HubSearch::get(const QUrl& url) {
    if (!isAllowedDownloadUrl(url))
        return emit failed(
            tr("%1: only https is allowed (plain http only to this computer)").arg(url.host()));
    QNetworkRequest request(url);
    request.setRawHeader("User-Agent", "Hearth");
    request.setTransferTimeout(kTimeoutMs);
    m_reply = m_network.get(request);
    connect(m_reply, &QNetworkReply::finished, this, &HubSearch::onFinished);
}

void HubSearch::onFinished() {
    QNetworkReply* reply = m_reply;
    if (reply == nullptr) return;
    m_reply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 401 || status == 403 || status == 404) {
        if (m_repo.isEmpty())
            return emit failed(tr("Hugging Face refused the search (HTTP %1)").arg(status));
        return emit failed(status == 404 ? tr("Hugging Face has no repository %1").arg(m_repo)
                                         : tr("%1 is private or gated: download it from its "
                                              "page with your account, then import the file")
                                               .arg(m_repo));
    }
    if (reply->error() != QNetworkReply::NoError)
        return emit failed(tr("Could not reach Hugging Face: %1").arg(reply->errorString()));
    const QByteArray body = reply->readAll();
    if (m_repo.isEmpty()) {
        auto repos = parseHubSearch(body);
        if (!repos.ok()) return emit failed(QString::fromStdString(repos.status().message()));
        return emit reposFound(*repos);
    }
    m_pages.push_back(body);
    if (const QUrl next = nextPage(reply->rawHeader("Link"));
        next.isValid() && static_cast<int>(m_pages.size()) < kMaxTreePages)
        return get(reply->url().resolved(next));
    auto models = parseHubTree(m_pages, m_repo);
    m_pages.clear();
    if (!models.ok()) return emit failed(QString::fromStdString(models.status().message()));
    emit modelsFound(m_repo, *models);
}

}  // namespace hearth::library
