#include "library/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace hearth::library {

struct Sha256::Context {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : m_context(std::make_unique<Context>()) {
    if (m_context->md == nullptr) std::abort();  // out of memory
    reset();
}

Sha256::~Sha256() = default;

void Sha256::reset() {
    EVP_DigestInit_ex(m_context->md, EVP_sha256(), nullptr);
}

void Sha256::add(QByteArrayView bytes) {
    EVP_DigestUpdate(m_context->md, bytes.data(), static_cast<size_t>(bytes.size()));
}

QByteArray Sha256::hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_context->md, digest, &length);
    reset();
    return QByteArray(reinterpret_cast<const char*>(digest), static_cast<qsizetype>(length))
        .toHex();
}

}  // namespace hearth::library
