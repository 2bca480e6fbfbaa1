// TensorType's traits: ggml's ids, names and block sizes, and checked row sizes.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "quant/tensor_type.h"

namespace hearth {
namespace {

TEST(TensorTypeTest, ListsAllThirteenTypesInEnumOrder) {
    const auto types = supportedTensorTypes();
    ASSERT_EQ(types.size(), 13u);
    EXPECT_EQ(types.front(), TensorType::F32);
    EXPECT_EQ(types.back(), TensorType::BF16);
    for (TensorType type : types) {
        ASSERT_NE(tensorTypeTraits(type), nullptr);
        EXPECT_EQ(tensorTypeTraits(type)->type, type);
    }
}

TEST(TensorTypeTest, RejectsIdsItDoesNotSupport) {
    // 4 and 5 were ggml's removed Q4_2 / Q4_3; 16 is IQ2_XXS; ids come from untrusted files.
    for (uint32_t id : {4u, 5u, 9u, 15u, 16u, 29u, 31u, 0xffffffffu}) {
        EXPECT_EQ(tensorTypeTraits(static_cast<TensorType>(id)), nullptr) << id;
    }
}

TEST(TensorTypeTest, FindsTypesByNameIgnoringCase) {
    ASSERT_NE(tensorTypeTraitsByName("q4_k"), nullptr);
    EXPECT_EQ(tensorTypeTraitsByName("q4_k")->type, TensorType::Q4_K);
    EXPECT_EQ(tensorTypeTraitsByName("Q8_0")->type, TensorType::Q8_0);
    EXPECT_EQ(tensorTypeTraitsByName("BF16")->type, TensorType::BF16);
    EXPECT_EQ(tensorTypeTraitsByName("q4"), nullptr);
    EXPECT_EQ(tensorTypeTraitsByName(""), nullptr);
}

TEST(TensorTypeTest, RowBytesFollowTheBlockSizes) {
    EXPECT_EQ(tensorRowBytes(TensorType::F32, 10), 40u);
    EXPECT_EQ(tensorRowBytes(TensorType::BF16, 3), 6u);
    EXPECT_EQ(tensorRowBytes(TensorType::Q4_0, 64), 36u);
    EXPECT_EQ(tensorRowBytes(TensorType::Q8_0, 4096), 128u * 34u);
    EXPECT_EQ(tensorRowBytes(TensorType::Q6_K, 512), 420u);
    EXPECT_EQ(tensorRowBytes(TensorType::Q2_K, 0), 0u);
}

TEST(TensorTypeTest, RowBytesRejectPartialBlocks) {
    EXPECT_EQ(tensorRowBytes(TensorType::Q4_0, 33), std::nullopt);
    EXPECT_EQ(tensorRowBytes(TensorType::Q4_K, 128), std::nullopt);
}

TEST(TensorTypeTest, RowBytesRejectOverflow) {
    constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
    EXPECT_EQ(tensorRowBytes(TensorType::F32, kMax / 2), std::nullopt);
    EXPECT_EQ(tensorRowBytes(TensorType::Q8_0, (kMax / 32) * 32), std::nullopt);
    EXPECT_EQ(tensorRowBytes(TensorType::F32, kMax / 4), (kMax / 4) * 4);
}

TEST(TensorTypeTest, RowBytesRejectUnsupportedTypes) {
    EXPECT_EQ(tensorRowBytes(static_cast<TensorType>(4), 32), std::nullopt);
}

}  // namespace
}  // namespace hearth
