// Errors are values: every fallible call in the engine returns a Status or a Result<T>.
// Messages are written for the person using Hearth, not for a debugger: they say what failed
// and, where it helps, what to do about it. No exception crosses the public surface.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace hearth {

class [[nodiscard]] Status {
public:
    Status() = default;  // success
    static Status error(std::string message) {
        Status s;
        s.m_message = message.empty() ? std::string("unknown error") : std::move(message);
        return s;
    }

    bool ok() const { return m_message.empty(); }
    const std::string& message() const { return m_message; }

    // Prefixes the message with context ("loading model.gguf: ...").
    Status withContext(const std::string& context) const {
        return ok() ? *this : error(context + ": " + m_message);
    }

private:
    std::string m_message;  // empty means success
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) {}        // NOLINT: implicit by design
    Result(Status status) : m_state(std::move(status)) {  // NOLINT: implicit by design
        assert(!std::get<Status>(m_state).ok() && "a Result needs a value or an error");
    }

    bool ok() const { return std::holds_alternative<T>(m_state); }
    Status status() const { return ok() ? Status() : std::get<Status>(m_state); }

    T& value() & { return std::get<T>(m_state); }
    const T& value() const& { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }

private:
    std::variant<T, Status> m_state;
};

}  // namespace hearth

// Returns early from the enclosing function when `expr` (a Status) failed.
#define HEARTH_RETURN_IF_ERROR(expr)                   \
    do {                                               \
        ::hearth::Status hearthStatus_ = (expr);       \
        if (!hearthStatus_.ok()) return hearthStatus_; \
    } while (false)

#define HEARTH_CONCAT_INNER_(a, b) a##b
#define HEARTH_CONCAT_(a, b) HEARTH_CONCAT_INNER_(a, b)
// `HEARTH_ASSIGN_OR_RETURN(auto x, makeX());` declares x from a Result or returns its error.
#define HEARTH_ASSIGN_OR_RETURN(decl, expr) \
    HEARTH_ASSIGN_OR_RETURN_IMPL_(HEARTH_CONCAT_(hearthResult_, __LINE__), decl, expr)
// NOLINTBEGIN(bugprone-macro-parentheses): `decl` is a declaration, not an expression.
#define HEARTH_ASSIGN_OR_RETURN_IMPL_(tmp, decl, expr) \
    auto tmp = (expr);                                 \
    if (!tmp.ok()) return tmp.status();                \
    decl = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
