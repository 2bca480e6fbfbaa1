// Choosing the next token from a model's logits.
//
// The chain, in llama.cpp's order so that settings mean what users of other apps expect:
// penalties (repetition, presence, frequency over the last `penaltyLastN` tokens) -> top-k ->
// temperature -> min-p -> top-p -> a seeded draw. Temperature 0 is greedy (argmax, the lowest
// id on ties) and skips the draw. The same options, seed and inputs always give the same token.
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/status.h"

namespace hearth {

struct SamplingOptions {
    float temperature = 0.6f;        // 0: greedy
    uint32_t topK = 0;               // 0: off
    float topP = 0.95f;              // 1: off
    float minP = 0.0f;               // 0: off; keeps tokens with p >= minP * p(best)
    float repetitionPenalty = 1.0f;  // 1: off; logit / penalty if > 0, else * penalty
    float presencePenalty = 0.0f;    // subtracted once from every token seen
    float frequencyPenalty = 0.0f;   // subtracted per occurrence
    uint32_t penaltyLastN = 64;      // tokens the penalties look back over
    uint64_t seed = 0;
    uint32_t maxTokens = 0;         // 0: until the end of the context
    std::vector<std::string> stop;  // generation ends before any of these strings

    // An error naming the first setting out of range (negative temperature, top-p above 1...).
    Status validate() const;
};

class Sampler {
public:
    explicit Sampler(const SamplingOptions& options);

    // The next token given the logits of the last position and the tokens so far (prompt and
    // generated: the penalties read the last penaltyLastN of them). Logits that are NaN are
    // never chosen.
    int32_t sample(std::span<const float> logits, std::span<const int32_t> history);

private:
    SamplingOptions m_options;
    std::mt19937_64 m_rng;
    std::vector<std::pair<float, int32_t>> m_candidates;  // reused between calls
};

// Watches generated text for stop strings. Text that could be the start of a stop string is
// held back until it is known not to be one, so a caller that prints what `push` returns
// never shows any part of a stop string.
class StopStringMatcher {
public:
    explicit StopStringMatcher(std::vector<std::string> stops);

    struct Piece {
        std::string text;      // safe to show now
        bool stopped = false;  // a stop string was completed; `text` ends before it
    };
    Piece push(std::string_view text);
    std::string flush();  // what is still held back, at the end of generation

private:
    std::vector<std::string> m_stops;
    std::string m_pending;
};

}  // namespace hearth
