// Hugging Face's Hub as a place to find models, and only when the user asks: a search for
// repositories with GGUF files, and the GGUF models of one repository, with the sizes and
// SHA-256s (LFS oids) that their downloads then check. HF_ENDPOINT, as in Hugging Face's own
// tools, points it at a mirror (or, in tests, at a server on this computer).
#pragma once

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <vector>

#include "hearth/status.h"
#include "library/catalog.h"

namespace hearth::library {

// https://huggingface.co, or HF_ENDPOINT.
QUrl huggingFaceEndpoint();

// "owner/name" from "owner/name" or from a link to any page of the repository; else empty.
QString repoIdFrom(const QString& text);

struct HubRepo {
    QString id;  // "owner/name"
    qint64 downloads = 0;
    qint64 likes = 0;
};

struct HubModel {
    QString name;                  // the file's name; a split set's without "-0000k-of-0000n"
    CatalogQuantization download;  // quant as the name says ("" if it does not), repo, files
    qint64 bytes() const;
};

// An /api/models answer.
Result<std::vector<HubRepo>> parseHubSearch(const QByteArray& json);

// The GGUF models in the pages of an /api/models/REPO/tree/main?recursive=true answer: one
// per file, a split set as one model (complete sets only), in path order.
Result<std::vector<HubModel>> parseHubTree(const std::vector<QByteArray>& pages,
                                           const QString& repo);

// One question to the Hub at a time; asking again drops the question before.
class HubSearch : public QObject {
    Q_OBJECT

public:
    explicit HubSearch(QObject* parent = nullptr);
    ~HubSearch() override;

    // A repository (see repoIdFrom): its GGUF models. Anything else: repositories with GGUF
    // files whose name matches, the most downloaded first.
    void search(const QString& text);
    void stop();
    bool busy() const { return m_reply != nullptr; }

signals:
    void reposFound(const std::vector<hearth::library::HubRepo>& repos);
    void modelsFound(const QString& repo, const std::vector<hearth::library::HubModel>& models);
    void failed(const QString& message);

private:
    void get(const QUrl& url);
    void onFinished();

    QNetworkAccessManager m_network;
    QPointer<QNetworkReply> m_reply;
    QString m_repo;                   // whose tree is being read; empty for a search
    std::vector<QByteArray> m_pages;  // of the tree so far
};

}  // namespace hearth::library
