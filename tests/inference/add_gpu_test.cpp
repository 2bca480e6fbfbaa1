#include <gtest/gtest.h>

#include "ops/add.h"
#include "reference/elementwise.h"
#include "support/gpu_fixture.h"

namespace hearth {
namespace {

using testing::GpuTest;

class AddTest : public GpuTest {};

TEST_F(AddTest, ResidualAddMatchesReference) {
    const uint32_t n = 100003;  // not a multiple of any workgroup size
    auto a = testing::randomFloats(n, 1), b = testing::randomFloats(n, 2);
    auto ga = input(a), gb = input(b);
    auto out = output(n * 4);
    auto ctx = context();
    ASSERT_TRUE(ops::add(ctx, ga.range(), gb.range(), out.range(), n, n).ok());
    run();
    std::vector<float> expected(n);
    reference::add(a.data(), b.data(), expected.data(), n, n);
    EXPECT_LE(testing::nmse(expected, readFloats(out)), 1e-7);
}

TEST_F(AddTest, BiasAddBroadcastsOverRows) {
    const uint32_t row = 37, rows = 13;
    auto a = testing::randomFloats(row * rows, 3), bias = testing::randomFloats(row, 4);
    auto ga = input(a), gb = input(bias);
    auto out = output(row * rows * 4);
    auto ctx = context();
    ASSERT_TRUE(ops::add(ctx, ga.range(), gb.range(), out.range(), row * rows, row).ok());
    run();
    std::vector<float> expected(row * rows);
    reference::add(a.data(), bias.data(), expected.data(), row * rows, row);
    EXPECT_LE(testing::nmse(expected, readFloats(out)), 1e-7);
}

TEST_F(AddTest, RejectsBiasThatDoesNotDivide) {
    auto a = testing::randomFloats(10, 5);
    auto ga = input(a), out = output(40);
    auto ctx = context();
    EXPECT_FALSE(ops::add(ctx, ga.range(), ga.range(), out.range(), 10, 3).ok());
}

}  // namespace
}  // namespace hearth
