// The safetensors reader: one crafted file per rule of REFERENCES.md section 2 (header size and
// bounds, strict JSON, dtype, shape arithmetic, offsets that tile the data exactly), and the
// index of sharded checkpoints (path traversal, missing shards, tensors missing from their
// shard). Every refusal must be one line that names the file and, where there is one, the
// tensor.
//
// Setting HEARTH_SAFETENSORS_SEED_DIR makes every image these tests parse also land in that
// folder, which is how the fuzz seeds in tests/fuzz/corpus/safetensors/ were made.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/safetensors.h"
#include "support/test_hf_checkpoint.h"

namespace hearth::formats {
namespace {

using testing::SafetensorsEntry;

// A file: the header's length (or `declaredLength`) as 8 little-endian bytes, the header, and
// `dataBytes` bytes of data.
std::vector<uint8_t> image(std::string_view header, size_t dataBytes,
                           std::optional<uint64_t> declaredLength = {}) {
    std::vector<uint8_t> bytes(8);
    const uint64_t length = declaredLength.value_or(header.size());
    for (size_t i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(length >> (8 * i));
    bytes.insert(bytes.end(), header.begin(), header.end());
    for (size_t i = 0; i < dataBytes; ++i) bytes.push_back(static_cast<uint8_t>(i));
    return bytes;
}

// One entry of a header: "name": {"dtype": ..., "shape": ..., "data_offsets": [begin, end]}.
std::string entry(std::string_view name, std::string_view dtype, std::string_view shape,
                  uint64_t begin, uint64_t end) {
    return "\"" + std::string(name) + "\": {\"dtype\": \"" + std::string(dtype) +
           "\", \"shape\": " + std::string(shape) + ", \"data_offsets\": [" +
           std::to_string(begin) + ", " + std::to_string(end) + "]}";
}

void saveSeed(const std::vector<uint8_t>& bytes, const char* extension = ".safetensors") {
    const char* dir = std::getenv("HEARTH_SAFETENSORS_SEED_DIR");
    if (dir == nullptr) return;
    static std::string lastTest;
    static int index = 0;
    const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    index = test == lastTest ? index + 1 : 1;
    lastTest = test;
    const std::string name =
        test + (index > 1 ? "_" + std::to_string(index) : std::string()) + extension;
    (void)testing::writeBytes(std::filesystem::path(dir) / name, bytes);
}

Result<std::unique_ptr<SafetensorsFile>> parse(const std::vector<uint8_t>& bytes) {
    saveSeed(bytes);
    return SafetensorsFile::parse(bytes, "crafted.safetensors");
}

// The fuzz target reads its input both ways, so index seeds go into the same corpus.
Result<SafetensorsIndex> parseIndex(const std::string& json) {
    saveSeed(std::vector<uint8_t>(json.begin(), json.end()), ".json");
    return parseSafetensorsIndex(json, "index.json");
}

void expectRefused(const std::vector<uint8_t>& bytes,
                   std::initializer_list<std::string_view> mentions) {
    const auto file = parse(bytes);
    ASSERT_FALSE(file.ok()) << "the file was accepted";
    const std::string message = file.status().message();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.rfind("crafted.safetensors: ", 0), 0u) << message;
    for (std::string_view fragment : mentions)
        EXPECT_NE(message.find(fragment), std::string::npos)
            << "'" << fragment << "' missing from: " << message;
}

std::vector<uint8_t> floats(std::initializer_list<float> values) {
    std::vector<uint8_t> bytes(values.size() * 4);
    std::memcpy(bytes.data(), values.begin(), bytes.size());
    return bytes;
}

// --- Valid files -------------------------------------------------------------------------

TEST(SafetensorsTest, ReadsEveryFloatTypeWithItsShapeAndData) {
    const std::vector<uint8_t> bytes =
        testing::serializeSafetensors({{"b.weight", "F32", {2, 3}, floats({1, 2, 3, 4, 5, 6})},
                                       {"a.bias", "F16", {4}, std::vector<uint8_t>(8, 0x3c)},
                                       {"c.norm", "BF16", {2, 2}, std::vector<uint8_t>(8, 0x3f)}},
                                      {{"format", "pt"}});
    const auto file = parse(bytes);
    ASSERT_TRUE(file.ok()) << file.status().message();
    const SafetensorsFile& f = *file.value();
    ASSERT_EQ(f.tensors().size(), 3u);
    EXPECT_EQ(f.metadata().at("format"), "pt");

    const SafetensorsTensor* b = f.tensor("b.weight");
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(b->type, TensorType::F32);
    EXPECT_EQ(b->shape, (std::vector<uint64_t>{2, 3}));
    EXPECT_EQ(b->elements, 6u);
    EXPECT_EQ(b->bytes, 24u);
    float last = 0;
    std::memcpy(&last, b->data + 20, 4);
    EXPECT_EQ(last, 6.0f);
    EXPECT_EQ(f.tensor("a.bias")->type, TensorType::F16);
    EXPECT_EQ(f.tensor("c.norm")->type, TensorType::BF16);
    EXPECT_EQ(f.tensor("c.norm")->data, bytes.data() + bytes.size() - 8);
    // In the order of their data, whatever the header's key order.
    EXPECT_EQ(f.tensors().front().name, "b.weight");
    EXPECT_EQ(f.tensor("missing"), nullptr);
}

TEST(SafetensorsTest, EmptyTensorsAndScalarsAreValid) {
    const std::string header = "{" + entry("empty", "F32", "[0, 4]", 0, 0) + ", " +
                               entry("scalar", "F16", "[]", 0, 2) + "}   ";
    const auto file = parse(image(header, 2));
    ASSERT_TRUE(file.ok()) << file.status().message();
    EXPECT_EQ(file.value()->tensor("empty")->bytes, 0u);
    EXPECT_EQ(file.value()->tensor("scalar")->elements, 1u);
}

TEST(SafetensorsTest, AHeaderOnlyFileHasNoTensors) {
    const auto file = parse(image(R"({"__metadata__": {"a": "b"}})", 0));
    ASSERT_TRUE(file.ok()) << file.status().message();
    EXPECT_TRUE(file.value()->tensors().empty());
}

// --- The header's length and JSON ----------------------------------------------------------

TEST(SafetensorsTest, AFileTooShortForTheLengthIsRefused) {
    expectRefused({1, 2, 3}, {"3 bytes long"});
}

TEST(SafetensorsTest, AHeaderAbove100MBIsRefused) {
    expectRefused(image("{}", 0, 100'000'001), {"header length 100000001", "100 MB"});
    expectRefused(image("{}", 0, ~0ull), {"100 MB"});
}

TEST(SafetensorsTest, AHeaderPastTheEndOfTheFileIsRefused) {
    expectRefused(image("{}", 0, 3), {"header length 3", "past the end of the file (10 bytes)"});
    expectRefused(image("", 0, 0), {"header length is 0"});
}

TEST(SafetensorsTest, InvalidJsonIsRefusedWithItsPosition) {
    expectRefused(image(R"({"a": {"dtype": "F32",})", 0), {"header: invalid JSON at byte"});
    expectRefused(image(R"({"a": 1} trailing)", 0), {"invalid JSON"});
    expectRefused(image("{\"\xff\": 1}", 0), {"invalid JSON"});  // not UTF-8
}

TEST(SafetensorsTest, AHeaderThatIsNotAnObjectIsRefused) {
    expectRefused(image("[1, 2]", 0), {"header: the JSON is an array, not an object"});
    expectRefused(image("\"text\"", 0), {"is a string"});
}

TEST(SafetensorsTest, DuplicateTensorNamesAreRefused) {
    const std::string header =
        "{" + entry("a", "F32", "[1]", 0, 4) + ", " + entry("a", "F32", "[1]", 4, 8) + "}";
    expectRefused(image(header, 8), {"key 'a' appears twice"});
}

TEST(SafetensorsTest, DuplicateKeysInsideAnEntryAreRefused) {
    const std::string header =
        R"({"w": {"dtype": "F32", "dtype": "I64", "shape": [1], "data_offsets": [0, 4]}})";
    expectRefused(image(header, 4), {"key 'dtype' appears twice in 'w'"});
}

TEST(SafetensorsTest, DeepNestingIsRefused) {
    expectRefused(image(std::string(200, '[') + std::string(200, ']'), 0), {"nests deeper"});
}

// --- Entries -------------------------------------------------------------------------------

TEST(SafetensorsTest, UnsupportedDtypesAreRefusedByName) {
    for (const char* dtype : {"I64", "F64", "U8", "BOOL", "F8_E4M3", "Q4"}) {
        expectRefused(image("{" + entry("pos_ids", dtype, "[1]", 0, 8) + "}", 8),
                      {"tensor 'pos_ids'", dtype, "not supported", "F32, F16 and BF16"});
    }
}

TEST(SafetensorsTest, EntriesOfTheWrongShapeAreRefused) {
    expectRefused(image(R"({"w": [1]})", 0), {"tensor 'w': the entry is an array"});
    expectRefused(image(R"({"w": {"shape": [1], "data_offsets": [0, 4]}})", 4), {"no dtype"});
    expectRefused(image(R"({"w": {"dtype": "F32", "data_offsets": [0, 4]}})", 4), {"no shape"});
    expectRefused(image(R"({"w": {"dtype": "F32", "shape": [1]}})", 4), {"no data_offsets"});
    expectRefused(image(R"({"w": {"dtype": 0, "shape": [1], "data_offsets": [0, 4]}})", 4),
                  {"dtype is an integer"});
    expectRefused(image(R"({"w": {"dtype": "F32", "shape": 4, "data_offsets": [0, 4]}})", 4),
                  {"shape is an integer"});
    expectRefused(image(R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4, 8]}})", 8),
                  {"data_offsets is an array of 3"});
    expectRefused(image(R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [-1, 4]}})", 4),
                  {"data_offsets [-1,4] are not two byte offsets"});
}

TEST(SafetensorsTest, DimensionsMustBeSizes) {
    for (const char* shape : {"[-1]", "[1.5]", "[1e30]", "[\"3\"]", "[null]"}) {
        expectRefused(image("{" + entry("w", "F32", shape, 0, 4) + "}", 4),
                      {"tensor 'w': shape[0] is", "not a size"});
    }
}

TEST(SafetensorsTest, AShapeProductThatOverflowsIsRefused) {
    expectRefused(image("{" + entry("w", "F32", "[4294967296, 4294967296]", 0, 4) + "}", 4),
                  {"tensor 'w'", "more elements than 2^64"});
    // Elements fit, bytes do not: 2^62 F32 values.
    expectRefused(image("{" + entry("w", "F32", "[4611686018427387904]", 0, 4) + "}", 4),
                  {"tensor 'w'", "more than 2^64 bytes"});
    // A product that wraps to exactly the offsets' span must not pass either.
    expectRefused(image("{" + entry("w", "F16", "[9223372036854775808, 2]", 0, 0) + "}", 0),
                  {"tensor 'w'", "more elements than 2^64"});
}

TEST(SafetensorsTest, ASizeThatDisagreesWithItsOffsetsIsRefused) {
    expectRefused(image("{" + entry("w", "F16", "[3]", 0, 8) + "}", 8),
                  {"tensor 'w'", "shape [3] of F16 takes 6 bytes", "[0, 8] hold 8"});
}

TEST(SafetensorsTest, OffsetsPastTheEndOfTheDataAreRefused) {
    expectRefused(image("{" + entry("w", "F32", "[4]", 0, 16) + "}", 8),
                  {"tensor 'w'", "[0, 16] run past the end of the data (8 bytes"});
    expectRefused(image("{" + entry("w", "F32", "[1]", 8, 4) + "}", 8),
                  {"tensor 'w'", "[8, 4] end before they begin"});
}

TEST(SafetensorsTest, GapsBetweenTensorsAreRefused) {
    const std::string gap =
        "{" + entry("a", "F32", "[1]", 0, 4) + ", " + entry("b", "F32", "[1]", 8, 12) + "}";
    expectRefused(image(gap, 12),
                  {"data bytes 4 to 8 belong to no tensor", "between tensor 'a' and tensor 'b'"});
    expectRefused(image("{" + entry("a", "F32", "[1]", 4, 8) + "}", 8),
                  {"data bytes 0 to 4", "before tensor 'a'"});
}

TEST(SafetensorsTest, OverlappingTensorsAreRefused) {
    const std::string overlap =
        "{" + entry("a", "F32", "[2]", 0, 8) + ", " + entry("b", "F32", "[2]", 4, 12) + "}";
    expectRefused(image(overlap, 12), {"tensor 'b' at data_offsets [4, 12] overlaps tensor 'a'"});
    const std::string inside =
        "{" + entry("a", "F32", "[2]", 0, 8) + ", " + entry("z", "F32", "[0]", 4, 4) + "}";
    expectRefused(image(inside, 8), {"tensor 'z'", "overlaps tensor 'a'"});
}

TEST(SafetensorsTest, BytesAfterTheLastTensorAreRefused) {
    expectRefused(image("{" + entry("w", "F32", "[1]", 0, 4) + "}", 12),
                  {"8 bytes after the last tensor's data"});
}

TEST(SafetensorsTest, MetadataMustBeText) {
    expectRefused(image(R"({"__metadata__": [1]})", 0), {"__metadata__ is an array"});
    expectRefused(image(R"({"__metadata__": {"n": 1}})", 0), {"__metadata__ 'n' is an integer"});
}

TEST(SafetensorsTest, ControlCharactersInNamesStayOnOneLine) {
    expectRefused(image("{" + entry("a\\nb", "I8", "[1]", 0, 1) + "}", 1), {"'a\\x0ab'"});
}

// --- Sharded checkpoints -------------------------------------------------------------------

class SafetensorsSetTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = std::filesystem::temp_directory_path() /
                ("hearth-safetensors-" + std::to_string(::getpid()));
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    void writeShard(const std::string& name, const std::vector<std::string>& tensors) {
        std::vector<SafetensorsEntry> entries;
        for (const std::string& t : tensors) entries.push_back({t, "F32", {1}, floats({1})});
        ASSERT_TRUE(testing::writeBytes(m_dir / name, testing::serializeSafetensors(entries)).ok());
    }
    void writeIndex(const std::string& json) {
        ASSERT_TRUE(testing::writeText(m_dir / "model.safetensors.index.json", json).ok());
    }
    std::string openError() {
        const auto set = SafetensorsSet::open(m_dir);
        EXPECT_FALSE(set.ok()) << "the set was accepted";
        const std::string message = set.ok() ? "" : set.status().message();
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        return message;
    }

    std::filesystem::path m_dir;
};

constexpr const char* kTwoShards = R"({"metadata": {"total_size": 12}, "weight_map": {
    "a": "model-00001-of-00002.safetensors", "b": "model-00001-of-00002.safetensors",
    "c": "model-00002-of-00002.safetensors"}})";

TEST_F(SafetensorsSetTest, AnIndexJoinsItsShards) {
    writeShard("model-00001-of-00002.safetensors", {"a", "b"});
    writeShard("model-00002-of-00002.safetensors", {"c"});
    writeShard("stray.safetensors", {"d"});  // not in the index: not read
    writeIndex(kTwoShards);
    const auto set = SafetensorsSet::open(m_dir);
    ASSERT_TRUE(set.ok()) << set.status().message();
    EXPECT_EQ(set.value()->files().size(), 2u);
    EXPECT_EQ(set.value()->tensors().size(), 3u);
    EXPECT_EQ(set.value()->tensors().count("c"), 1u);
}

TEST_F(SafetensorsSetTest, WithoutAnIndexEveryFileIsRead) {
    writeShard("one.safetensors", {"a"});
    writeShard("two.safetensors", {"b"});
    const auto set = SafetensorsSet::open(m_dir);
    ASSERT_TRUE(set.ok()) << set.status().message();
    EXPECT_EQ(set.value()->tensors().size(), 2u);
}

TEST_F(SafetensorsSetTest, AMissingShardIsNamed) {
    writeShard("model-00001-of-00002.safetensors", {"a", "b"});
    writeIndex(kTwoShards);
    const std::string message = openError();
    EXPECT_NE(message.find("'model-00002-of-00002.safetensors' (for tensor 'c')"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("not in the model's folder"), std::string::npos) << message;
}

TEST_F(SafetensorsSetTest, ATensorMissingFromItsShardIsNamed) {
    writeShard("model-00001-of-00002.safetensors", {"a"});
    writeShard("model-00002-of-00002.safetensors", {"c"});
    writeIndex(kTwoShards);
    const std::string message = openError();
    EXPECT_NE(message.find("puts tensor 'b' in 'model-00001-of-00002.safetensors', which does not "
                           "hold it"),
              std::string::npos)
        << message;
}

TEST_F(SafetensorsSetTest, ATensorInTwoShardsIsRefused) {
    writeShard("model-00001-of-00002.safetensors", {"a", "b", "c"});
    writeShard("model-00002-of-00002.safetensors", {"c"});
    writeIndex(kTwoShards);
    EXPECT_NE(openError().find("tensor 'c' is in both"), std::string::npos);
}

TEST_F(SafetensorsSetTest, ABrokenShardIsNamed) {
    writeShard("model-00001-of-00002.safetensors", {"a", "b"});
    ASSERT_TRUE(testing::writeText(m_dir / "model-00002-of-00002.safetensors", "junk").ok());
    writeIndex(kTwoShards);
    EXPECT_EQ(openError().rfind("model-00002-of-00002.safetensors: ", 0), 0u);
}

TEST_F(SafetensorsSetTest, AFolderWithoutSafetensorsIsRefused) {
    EXPECT_NE(openError().find("no .safetensors files"), std::string::npos);
}

TEST(SafetensorsIndexTest, ReadsTheWeightMap) {
    const auto index = parseIndex(kTwoShards);
    ASSERT_TRUE(index.ok()) << index.status().message();
    EXPECT_EQ(index->weightMap.at("c"), "model-00002-of-00002.safetensors");
    EXPECT_EQ(index->files.size(), 2u);
}

TEST(SafetensorsIndexTest, FileNamesThatLeaveTheFolderAreRefused) {
    for (const char* name :
         {"../model.safetensors", "/etc/passwd.safetensors", "sub/model.safetensors",
          "..\\\\model.safetensors", "C:\\\\model.safetensors", "..", ".", "a\\u0000.safetensors",
          "\\n.safetensors"}) {
        const std::string json = std::string(R"({"weight_map": {"w": ")") + name + "\"}}";
        const auto index = parseIndex(json);
        ASSERT_FALSE(index.ok()) << name;
        const std::string message = index.status().message();
        EXPECT_NE(message.find("index.json: weight_map sends tensor 'w' to '"), std::string::npos)
            << message;
        EXPECT_NE(message.find("not a plain file name"), std::string::npos) << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
}

TEST(SafetensorsIndexTest, EmptyAndOtherFileNamesAreRefused) {
    auto refusal = [](const std::string& json) {
        const auto index = parseIndex(json);
        return index.ok() ? std::string("accepted") : index.status().message();
    };
    EXPECT_NE(refusal(R"({"weight_map": {"w": ""}})").find("empty file name"), std::string::npos);
    EXPECT_NE(refusal(R"({"weight_map": {"w": "pytorch_model.bin"}})").find("not a .safetensors"),
              std::string::npos);
    EXPECT_NE(refusal(R"({"weight_map": {"w": 3}})").find("to an integer"), std::string::npos);
    EXPECT_NE(refusal(R"({"weight_map": {}})").find("lists no tensors"), std::string::npos);
    EXPECT_NE(refusal(R"({"weight_map": []})").find("weight_map is an array"), std::string::npos);
    EXPECT_NE(refusal(R"({"metadata": {}})").find("no weight_map"), std::string::npos);
    EXPECT_NE(refusal(R"([])").find("not an object"), std::string::npos);
    EXPECT_NE(refusal(R"({"weight_map": {"w": "a.safetensors", "w": "b.safetensors"}})")
                  .find("key 'w' appears twice"),
              std::string::npos);
}

}  // namespace
}  // namespace hearth::formats
