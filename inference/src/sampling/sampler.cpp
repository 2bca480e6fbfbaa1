// The sampler chain of hearth/sampler.h: penalties -> top-k -> temperature -> min-p -> top-p ->
// a seeded draw, in llama.cpp's order and with its formulas.
//
// A vocabulary is ~152k tokens and this runs once per generated token, so nothing here sorts the
// whole vocabulary: top-k is a partial sort, min-p a linear filter, and top-p buckets the
// candidates by probability and sorts only the bucket where its threshold falls.
//
// Every order here is a strict total order (value, then id) or id order, and the draw converts
// the generator's bits to a double by hand, so a seed gives the same tokens with any standard
// library.
#include "hearth/sampler.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

namespace hearth {
namespace {

using Candidate = std::pair<float, int32_t>;  // (logit, later weight; token id)

// Larger value first, the lower id on ties: the order greedy, top-k and top-p all use. A lambda
// rather than a function so that the standard algorithms inline it.
constexpr auto better = [](const Candidate& a, const Candidate& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
};

std::string formatFloat(float value) {
    char text[32];
    const auto [end, error] = std::to_chars(text, text + sizeof(text), value);
    return error == std::errc() ? std::string(text, end) : std::string("?");
}

// How often each token occurs in the last `lastN` tokens of `history`, sorted by id.
std::vector<std::pair<int32_t, uint32_t>> countRecentTokens(std::span<const int32_t> history,
                                                            uint32_t lastN) {
    const size_t windowSize = std::min<size_t>(lastN, history.size());
    std::vector<int32_t> window(history.end() - static_cast<std::ptrdiff_t>(windowSize),
                                history.end());
    std::sort(window.begin(), window.end());
    std::vector<std::pair<int32_t, uint32_t>> counts;
    for (int32_t token : window) {
        if (!counts.empty() && counts.back().first == token) {
            ++counts.back().second;
        } else {
            counts.emplace_back(token, 1u);
        }
    }
    return counts;
}

// llama.cpp's penalties for a token seen `count` (> 0) times: the repetition penalty pushes the
// logit toward "less likely" whatever its sign, then frequency and presence are subtracted.
float penalize(float logit, uint32_t count, const SamplingOptions& options) {
    if (options.repetitionPenalty != 1.0f) {
        logit =
            logit > 0.0f ? logit / options.repetitionPenalty : logit * options.repetitionPenalty;
    }
    return logit - (static_cast<float>(count) * options.frequencyPenalty + options.presencePenalty);
}

// The best candidate under `better`. When none is above -inf, the lowest id whose raw logit is
// not NaN (NaN logits were made -inf; `logits` tells them apart), or 0 if every logit is NaN.
int32_t greedyChoice(const std::vector<Candidate>& candidates, std::span<const float> logits) {
    const Candidate* best = &candidates.front();
    for (const Candidate& c : candidates) {
        if (better(c, *best)) best = &c;
    }
    if (best->first > -std::numeric_limits<float>::infinity()) return best->second;
    for (size_t i = 0; i < logits.size(); ++i) {
        if (!std::isnan(logits[i])) return static_cast<int32_t>(i);
    }
    return 0;
}

// Top-p without sorting everything: moves the smallest set of the best candidates (under
// `better`) whose weights sum to at least `target` to the front, and returns its size.
// Candidates are bucketed by the top bits of their weight (exponent and 3 mantissa bits, so
// buckets ~9% wide, ordered as the weights are since weights are positive); the buckets above
// the one where the mass crosses `target` are kept whole, in id order, and only that boundary
// bucket is sorted. Two linear passes, where sorting ~152k candidates would take milliseconds
// for every token.
size_t keepTopMass(std::vector<Candidate>& candidates, double target) {
    constexpr int kShift = 20;  // keeps 8 exponent and 3 mantissa bits (the sign bit is 0)
    const auto bucketOf = [](float weight) {
        return static_cast<size_t>(std::bit_cast<uint32_t>(weight) >> kShift);
    };
    constexpr size_t kBuckets = (std::bit_cast<uint32_t>(1.0f) >> kShift) + 1;  // weights <= 1
    std::array<double, kBuckets> bucketMass{};
    for (const Candidate& c : candidates) bucketMass[bucketOf(c.first)] += c.first;

    size_t boundary = kBuckets;
    double massAbove = 0.0;  // of the buckets above `boundary`
    for (size_t b = kBuckets; b-- > 0;) {
        if (massAbove + bucketMass[b] >= target) {
            boundary = b;
            break;
        }
        massAbove += bucketMass[b];
    }
    if (boundary == kBuckets) return candidates.size();  // rounding kept the sum just short

    std::vector<Candidate> edge;  // the boundary bucket
    size_t kept = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
        const Candidate c = candidates[i];
        const size_t bucket = bucketOf(c.first);
        candidates[kept] = c;  // kept <= i: only overwrites candidates already read
        kept += bucket > boundary ? 1 : 0;
        if (bucket == boundary) edge.push_back(c);
    }
    std::sort(edge.begin(), edge.end(), better);
    double needed = target - massAbove;
    for (const Candidate& c : edge) {
        candidates[kept++] = c;
        needed -= c.first;
        if (needed <= 0.0) break;
    }
    return kept;
}

// The same for candidates already sorted by `better` (after top-k): the prefix's length.
size_t sortedPrefixMass(const std::vector<Candidate>& candidates, double target) {
    double mass = 0.0;
    for (size_t i = 0; i < candidates.size(); ++i) {
        mass += candidates[i].first;
        if (mass >= target) return i + 1;
    }
    return candidates.size();
}

}  // namespace

Status SamplingOptions::validate() const {
    if (!std::isfinite(temperature) || temperature < 0.0f) {
        return Status::error("temperature must be a finite number >= 0, got " +
                             formatFloat(temperature));
    }
    if (!(topP > 0.0f && topP <= 1.0f)) {
        return Status::error("top-p must be in (0, 1], got " + formatFloat(topP));
    }
    if (!(minP >= 0.0f && minP <= 1.0f)) {
        return Status::error("min-p must be in [0, 1], got " + formatFloat(minP));
    }
    if (!std::isfinite(repetitionPenalty) || repetitionPenalty <= 0.0f) {
        return Status::error("repetition penalty must be a finite number > 0, got " +
                             formatFloat(repetitionPenalty));
    }
    if (!std::isfinite(presencePenalty)) {
        return Status::error("presence penalty must be a finite number, got " +
                             formatFloat(presencePenalty));
    }
    if (!std::isfinite(frequencyPenalty)) {
        return Status::error("frequency penalty must be a finite number, got " +
                             formatFloat(frequencyPenalty));
    }
    for (size_t i = 0; i < stop.size(); ++i) {
        if (stop[i].empty()) {
            return Status::error("stop strings must not be empty, but stop string " +
                                 std::to_string(i + 1) + " is");
        }
    }
    return Status();
}

Sampler::Sampler(const SamplingOptions& options) : m_options(options), m_rng(options.seed) {}

// NaN logits count as -inf, and -inf logits are never drawn. When no logit is above -inf
// (after penalties), there is nothing to weigh and the greedy rule decides: the lowest id whose
// logit is not NaN, so NaN is never chosen while there is any alternative. When every logit is
// NaN there is no good answer; we return 0, a valid id, rather than a sentinel a caller could
// index with. Empty logits are a programmer error (-1).
int32_t Sampler::sample(std::span<const float> logits, std::span<const int32_t> history) {
    assert(!logits.empty() && "sample() needs the logits of at least one token");
    if (logits.empty()) return -1;
    const SamplingOptions& o = m_options;
    constexpr float kMinusInf = -std::numeric_limits<float>::infinity();

    // Candidates start in id order, NaN as -inf so no comparison ever sees a NaN.
    m_candidates.resize(logits.size());
    for (size_t i = 0; i < logits.size(); ++i) {
        const float logit = logits[i];
        m_candidates[i] = {std::isnan(logit) ? kMinusInf : logit, static_cast<int32_t>(i)};
    }

    // Penalties touch at most penaltyLastN tokens; ids outside the vocabulary are ignored.
    if (o.penaltyLastN > 0 &&
        (o.repetitionPenalty != 1.0f || o.presencePenalty != 0.0f || o.frequencyPenalty != 0.0f)) {
        for (const auto& [id, count] : countRecentTokens(history, o.penaltyLastN)) {
            if (id < 0 || static_cast<size_t>(id) >= m_candidates.size()) continue;
            const float logit = penalize(m_candidates[id].first, count, o);
            m_candidates[id].first = std::isnan(logit) ? kMinusInf : logit;  // inf - inf
        }
    }

    // Greedy: top-k cannot change the argmax, and NaN or non-positive temperatures land here.
    if (!(o.temperature > 0.0f)) return greedyChoice(m_candidates, logits);

    // Top-k leaves the kept candidates sorted, and top-p then only walks them.
    bool sorted = false;
    if (o.topK > 0 && o.topK < m_candidates.size()) {
        const auto kEnd = m_candidates.begin() + static_cast<std::ptrdiff_t>(o.topK);
        std::partial_sort(m_candidates.begin(), kEnd, m_candidates.end(), better);
        m_candidates.erase(kEnd, m_candidates.end());
        sorted = true;
    }

    float maxLogit = kMinusInf;
    for (const Candidate& c : m_candidates) maxLogit = c.first > maxLogit ? c.first : maxLogit;
    if (maxLogit == kMinusInf) return greedyChoice(m_candidates, logits);  // nothing to weigh

    // Temperature and softmax, unnormalized: weight = p / p(best), in (0, 1]. Min-p is then
    // `weight >= minP`. Weights that underflow to 0 can never be drawn and are dropped too.
    // +inf logits, where inf - inf would be NaN, share the whole distribution.
    const float temperature = o.temperature;
    const float minWeight = o.minP > 0.0f ? std::min(o.minP, 1.0f) : 0.0f;
    const bool infinite = maxLogit == std::numeric_limits<float>::infinity();
    size_t kept = 0;
    double total = 0.0;
    for (const Candidate& c : m_candidates) {
        const float weight = infinite ? (c.first == maxLogit ? 1.0f : 0.0f)
                                      : std::exp((c.first - maxLogit) / temperature);
        if (!(weight > 0.0f) || weight < minWeight) continue;
        m_candidates[kept++] = {weight, c.second};
        total += weight;
    }
    m_candidates.resize(kept);  // never empty: the best candidate has weight 1

    // Top-p: the smallest set of the best candidates holding topP of the mass.
    if (o.topP < 1.0f) {
        const double target = static_cast<double>(o.topP) * total;
        m_candidates.resize(sorted ? sortedPrefixMass(m_candidates, target)
                                   : keepTopMass(m_candidates, target));
        total = 0.0;
        for (const Candidate& c : m_candidates) total += c.first;
    }

    // The draw: 53 random bits as a double in [0, 1), scaled to the kept mass.
    const double u = static_cast<double>(m_rng() >> 11) * 0x1.0p-53;
    const double target = u * total;
    double mass = 0.0;
    for (const Candidate& c : m_candidates) {
        mass += c.first;
        if (target < mass) return c.second;
    }
    return m_candidates.back().second;  // rounding left target at the very top
}

}  // namespace hearth
