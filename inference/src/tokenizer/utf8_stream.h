// Streaming generated text: token bytes in, valid UTF-8 out.
#pragma once

#include <string>

namespace hearth::tokenizer {

// Holds back the bytes of an incomplete UTF-8 character until its last byte arrives, so every
// piece handed on is valid UTF-8 (a byte that can never start or continue one becomes U+FFFD).
class Utf8Stream {
public:
    std::string push(const std::string& bytes);
    std::string flush();  // what is held back at the end (an unfinished character as U+FFFD)

private:
    std::string drain(bool final);
    std::string m_pending;
};

}  // namespace hearth::tokenizer
