// How closely one model's next-token distributions follow a reference's, teacher-forced over
// the same tokens: the measure the model parity tests hold Hearth and llama.cpp to.
#pragma once

#include <cstddef>
#include <vector>

#include "hearth/session.h"

namespace hearth::testing {

struct Agreement {
    double top1 = 0;           // share of decisive positions where the top tokens agree
    double meanDeltaLogp = 0;  // mean |log p_other(t) - log p_ref(t)| of the reference's top t
    size_t decisive = 0;       // positions with a reference top-2 margin >= 0.05 nats
};

// reference: full logits per position; other: its best log-probabilities per position, best
// first. Where the reference's top token is missing from the other's list, it counts as at
// least as far off as the other's last entry.
Agreement measureAgreement(const std::vector<std::vector<float>>& reference,
                           const std::vector<TopLogprobs>& other);

}  // namespace hearth::testing
