// GGUF reader and writer: round trips, version 2, split sets, and one crafted image per bug
// class that GGUF parsers have had (REFERENCES.md section 2). Every refusal must name what is
// wrong: the key, the tensor or the header.
//
// Setting HEARTH_GGUF_SEED_DIR makes every image these tests parse also land in that folder,
// which is how the fuzz seeds in tests/fuzz/corpus/gguf/ were made.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "formats/gguf.h"
#include "formats/mapped_file.h"

namespace hearth::formats {
namespace {

constexpr uint64_t kMax64 = std::numeric_limits<uint64_t>::max();
constexpr uint32_t kF32 = 0;
constexpr uint32_t kQ4_K = 12;

// Builds GGUF images byte by byte, little-endian, so tests can write what no writer would.
class ByteImage {
public:
    template <typename T>
    ByteImage& put(T value) {
        const size_t at = m_bytes.size();
        m_bytes.resize(at + sizeof(T));
        std::memcpy(m_bytes.data() + at, &value, sizeof(T));
        return *this;
    }
    ByteImage& u8(uint8_t v) { return put(v); }
    ByteImage& u32(uint32_t v) { return put(v); }
    ByteImage& u64(uint64_t v) { return put(v); }
    ByteImage& str(std::string_view s) {
        u64(s.size());
        m_bytes.insert(m_bytes.end(), s.begin(), s.end());
        return *this;
    }
    ByteImage& header(uint64_t tensors, uint64_t keys, uint32_t version = 3) {
        for (char c : std::string_view("GGUF")) u8(static_cast<uint8_t>(c));
        return u32(version).u64(tensors).u64(keys);
    }
    // A key and its value type; the value follows.
    ByteImage& key(std::string_view name, GgufType type) {
        return str(name).u32(static_cast<uint32_t>(type));
    }
    ByteImage& arrayKey(std::string_view name, GgufType elementType, uint64_t count) {
        return key(name, GgufType::Array).u32(static_cast<uint32_t>(elementType)).u64(count);
    }
    ByteImage& tensorInfo(std::string_view name, const std::vector<uint64_t>& dims, uint32_t type,
                          uint64_t offset) {
        str(name).u32(static_cast<uint32_t>(dims.size()));
        for (uint64_t d : dims) u64(d);
        return u32(type).u64(offset);
    }
    ByteImage& pad(uint64_t alignment = 32) {
        m_bytes.resize((m_bytes.size() + alignment - 1) / alignment * alignment, 0);
        return *this;
    }
    ByteImage& zeros(size_t n) {
        m_bytes.resize(m_bytes.size() + n, 0);
        return *this;
    }
    const std::vector<uint8_t>& bytes() const { return m_bytes; }

private:
    std::vector<uint8_t> m_bytes;
};

void saveSeed(const std::vector<uint8_t>& bytes) {
    const char* dir = std::getenv("HEARTH_GGUF_SEED_DIR");
    if (dir == nullptr) return;
    // Tests that craft several images number them: Name.gguf, Name_2.gguf, ...
    static std::string lastTest;
    static int index = 0;
    const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    index = test == lastTest ? index + 1 : 1;
    lastTest = test;
    const std::string name =
        test + (index > 1 ? std::string("_") + std::to_string(index) : "") + ".gguf";
    std::ofstream out(std::filesystem::path(dir) / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
}

// Parses an image that must be refused, and checks the one-line message names each fragment.
void expectRefused(const std::vector<uint8_t>& bytes,
                   std::initializer_list<std::string_view> mentions) {
    saveSeed(bytes);
    const auto file = GgufFile::parse(bytes, "crafted.gguf");
    ASSERT_FALSE(file.ok()) << "the image was accepted";
    const std::string message = file.status().message();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.rfind("crafted.gguf: ", 0), 0u) << message;
    for (std::string_view fragment : mentions) {
        EXPECT_NE(message.find(fragment), std::string::npos)
            << "'" << fragment << "' not in: " << message;
    }
}

std::unique_ptr<GgufFile> parseOk(const std::vector<uint8_t>& bytes) {
    saveSeed(bytes);
    auto file = GgufFile::parse(bytes, "test.gguf");
    EXPECT_TRUE(file.ok()) << file.status().message();
    return file.ok() ? std::move(file).value() : nullptr;
}

std::vector<uint8_t> pattern(size_t n, uint8_t seed) {
    std::vector<uint8_t> bytes(n);
    for (size_t i = 0; i < n; ++i) bytes[i] = static_cast<uint8_t>(seed + i * 7);
    return bytes;
}

// A fresh directory under the system temp folder, removed when the test ends.
class TempDir {
public:
    TempDir() {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        m_path = std::filesystem::temp_directory_path() /
                 ("hearth_gguf_" + std::to_string(::getpid()) + "_" + test->name());
        std::filesystem::remove_all(m_path);
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() { std::filesystem::remove_all(m_path); }
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

// ---- Round trips ---------------------------------------------------------------------------

TEST(GgufWriterTest, RoundTripKeepsEveryValueTheWriterWrites) {
    GgufWriter writer;
    writer.setUInt32("a.u32", 4000000000u);
    writer.setInt32("a.i32", -7);
    writer.setUInt64("a.u64", kMax64);
    writer.setFloat32("a.f32", 0.25f);
    writer.setBool("a.bool", true);
    writer.setString("a.string", "héllo");
    writer.setStringArray("a.strings", {"x", "", "yz"});
    writer.setInt32Array("a.ints", {1, -2, 3});
    writer.setFloat32Array("a.floats", {0.5f, -1.5f});
    const auto file = parseOk(writer.serialize());
    ASSERT_NE(file, nullptr);

    EXPECT_EQ(file->version(), 3u);
    EXPECT_EQ(file->metadata().size(), 9u);
    EXPECT_EQ(file->getUInt("a.u32").value(), 4000000000u);
    EXPECT_EQ(file->find("a.i32")->integer, -7);
    EXPECT_EQ(file->getUInt("a.u64").value(), kMax64);
    EXPECT_EQ(file->getFloat("a.f32").value(), 0.25);
    EXPECT_TRUE(file->getBool("a.bool").value());
    EXPECT_EQ(file->getString("a.string").value(), "héllo");
    const GgufValue* strings = file->find("a.strings");
    ASSERT_NE(strings, nullptr);
    EXPECT_EQ(strings->type, GgufType::Array);
    EXPECT_EQ(strings->elementType, GgufType::String);
    EXPECT_EQ(strings->strings, (std::vector<std::string>{"x", "", "yz"}));
    EXPECT_EQ(file->find("a.ints")->integers, (std::vector<int64_t>{1, -2, 3}));
    EXPECT_EQ(file->find("a.ints")->arrayLength, 3u);
    EXPECT_EQ(file->find("a.floats")->numbers, (std::vector<double>{0.5, -1.5}));
}

TEST(GgufReaderTest, ReadsEveryValueTypeFromHandBuiltBytes) {
    ByteImage image;
    image.header(0, 14);
    image.key("u8", GgufType::UInt8).u8(200);
    image.key("i8", GgufType::Int8).put<int8_t>(-100);
    image.key("u16", GgufType::UInt16).put<uint16_t>(60000);
    image.key("i16", GgufType::Int16).put<int16_t>(-30000);
    image.key("u32", GgufType::UInt32).u32(7);
    image.key("i32", GgufType::Int32).put<int32_t>(-5);
    image.key("f32", GgufType::Float32).put<float>(1.5f);
    image.key("bool", GgufType::Bool).u8(0);
    image.key("string", GgufType::String).str("text");
    image.arrayKey("array", GgufType::UInt16, 2).put<uint16_t>(1).put<uint16_t>(65535);
    image.key("u64", GgufType::UInt64).u64(uint64_t{1} << 40);
    image.key("i64", GgufType::Int64).put<int64_t>(-(int64_t{1} << 40));
    image.key("f64", GgufType::Float64).put<double>(-2.25);
    image.arrayKey("bools", GgufType::Bool, 2).u8(1).u8(0);
    const auto file = parseOk(image.bytes());
    ASSERT_NE(file, nullptr);

    EXPECT_EQ(file->find("u8")->integer, 200);
    EXPECT_EQ(file->find("i8")->integer, -100);
    EXPECT_EQ(file->find("u16")->integer, 60000);
    EXPECT_EQ(file->find("i16")->integer, -30000);
    EXPECT_EQ(file->getUInt("u32").value(), 7u);
    EXPECT_EQ(file->find("i32")->integer, -5);
    EXPECT_EQ(file->getFloat("f32").value(), 1.5);
    EXPECT_FALSE(file->getBool("bool").value());
    EXPECT_EQ(file->getString("string").value(), "text");
    EXPECT_EQ(file->find("array")->integers, (std::vector<int64_t>{1, 65535}));
    EXPECT_EQ(file->getUInt("u64").value(), uint64_t{1} << 40);
    EXPECT_EQ(file->find("i64")->integer, -(int64_t{1} << 40));
    EXPECT_EQ(file->getFloat("f64").value(), -2.25);
    EXPECT_EQ(file->find("bools")->integers, (std::vector<int64_t>{1, 0}));
    EXPECT_TRUE(file->tensors().empty());
}

TEST(GgufWriterTest, RoundTripKeepsTensorsOfSeveralTypesAligned) {
    GgufWriter writer;
    const auto f32 = pattern(3 * 5 * 4, 1);    // 5 rows of 3 floats: 60 bytes, not aligned
    const auto f16 = pattern(7 * 2, 2);        // odd size
    const auto q8 = pattern(2 * 34, 3);        // two Q8_0 blocks
    const auto q4k = pattern(2 * 2 * 144, 4);  // 2 x 2 rows of 256 values
    const auto bf16 = pattern(4 * 2, 5);
    ASSERT_TRUE(writer.addTensor("f32", TensorType::F32, {3, 5}, f32).ok());
    ASSERT_TRUE(writer.addTensor("f16", TensorType::F16, {7}, f16).ok());
    ASSERT_TRUE(writer.addTensor("q8", TensorType::Q8_0, {64}, q8).ok());
    ASSERT_TRUE(writer.addTensor("q4k", TensorType::Q4_K, {256, 2, 2}, q4k).ok());
    ASSERT_TRUE(writer.addTensor("bf16", TensorType::BF16, {1, 1, 2, 2}, bf16).ok());
    const std::vector<uint8_t> bytes = writer.serialize();
    const auto file = parseOk(bytes);
    ASSERT_NE(file, nullptr);

    ASSERT_EQ(file->tensors().size(), 5u);
    EXPECT_EQ(file->tensors()[0].name, "f32");  // file order kept
    const std::vector<std::pair<const char*, const std::vector<uint8_t>*>> expected = {
        {"f32", &f32}, {"f16", &f16}, {"q8", &q8}, {"q4k", &q4k}, {"bf16", &bf16}};
    for (const auto& [name, data] : expected) {
        const GgufTensor* tensor = file->tensor(name);
        ASSERT_NE(tensor, nullptr) << name;
        EXPECT_EQ(tensor->bytes, data->size()) << name;
        EXPECT_EQ(tensor->fileOffset % 32, 0u) << name;
        EXPECT_EQ(tensor->data, bytes.data() + tensor->fileOffset) << name;
        EXPECT_EQ(std::memcmp(tensor->data, data->data(), data->size()), 0) << name;
    }
    const GgufTensor* q4kTensor = file->tensor("q4k");
    EXPECT_EQ(q4kTensor->type, TensorType::Q4_K);
    EXPECT_EQ(q4kTensor->dims, (std::vector<uint64_t>{256, 2, 2}));
    EXPECT_EQ(q4kTensor->elements, 1024u);
    EXPECT_EQ(q4kTensor->rows(), 4u);
    EXPECT_EQ(file->tensor("f32")->rows(), 5u);
    EXPECT_EQ(file->tensor("missing"), nullptr);
}

TEST(GgufWriterTest, CustomAlignmentIsWrittenAndHonoured) {
    GgufWriter writer(128);
    ASSERT_TRUE(writer.addTensor("a", TensorType::F32, {3}, pattern(12, 1)).ok());
    ASSERT_TRUE(writer.addTensor("b", TensorType::F32, {5}, pattern(20, 2)).ok());
    const auto file = parseOk(writer.serialize());
    ASSERT_NE(file, nullptr);
    EXPECT_EQ(file->alignment(), 128u);
    EXPECT_EQ(file->getUInt("general.alignment").value(), 128u);
    EXPECT_EQ(file->tensor("a")->fileOffset % 128, 0u);
    EXPECT_EQ(file->tensor("b")->fileOffset % 128, 0u);
}

TEST(GgufWriterTest, SettingAKeyAgainReplacesItsValueInPlace) {
    GgufWriter writer;
    writer.setUInt32("first", 1);
    writer.setString("second", "b");
    writer.setString("first", "again");
    const std::vector<uint8_t> bytes = writer.serialize();
    const std::string text(bytes.begin(), bytes.end());
    EXPECT_LT(text.find("first"), text.find("second"));  // insertion order kept
    EXPECT_EQ(text.find("first", text.find("first") + 1), std::string::npos);
    const auto file = parseOk(bytes);
    ASSERT_NE(file, nullptr);
    EXPECT_EQ(file->metadata().size(), 2u);
    EXPECT_EQ(file->getString("first").value(), "again");
}

TEST(GgufWriterTest, AddTensorRefusesBadTensors) {
    GgufWriter writer;
    ASSERT_TRUE(writer.addTensor("t", TensorType::F32, {2}, pattern(8, 0)).ok());
    EXPECT_NE(writer.addTensor("t", TensorType::F32, {2}, pattern(8, 0)).message().find("'t'"),
              std::string::npos);
    EXPECT_FALSE(writer.addTensor("", TensorType::F32, {2}, pattern(8, 0)).ok());
    EXPECT_FALSE(writer.addTensor("none", TensorType::F32, {}, {}).ok());
    EXPECT_FALSE(writer.addTensor("five", TensorType::F32, {1, 1, 1, 1, 1}, pattern(4, 0)).ok());
    EXPECT_FALSE(writer.addTensor("zero", TensorType::F32, {2, 0}, {}).ok());
    EXPECT_FALSE(writer.addTensor("short", TensorType::F32, {3}, pattern(8, 0)).ok());
    EXPECT_FALSE(writer.addTensor("partial", TensorType::Q4_K, {128}, pattern(72, 0)).ok());
    EXPECT_FALSE(writer.addTensor("iq", static_cast<TensorType>(16), {256}, pattern(66, 0)).ok());
    EXPECT_FALSE(writer.addTensor("huge", TensorType::F32, {kMax64 / 2, 4}, {}).ok());
    EXPECT_FALSE(GgufWriter(24).addTensor("t", TensorType::F32, {2}, pattern(8, 0)).ok());
}

TEST(GgufWriterTest, WriteReplacesTheFileAtomically) {
    TempDir dir;
    const auto path = dir.path() / "model.gguf";
    GgufWriter first;
    first.setString("general.name", "old");
    ASSERT_TRUE(first.write(path).ok());
    GgufWriter second;
    second.setString("general.name", "new");
    ASSERT_TRUE(second.addTensor("t", TensorType::F32, {4}, pattern(16, 9)).ok());
    ASSERT_TRUE(second.write(path).ok());

    size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        ++entries;
    }
    EXPECT_EQ(entries, 1u);  // no temporary left behind
    auto file = GgufFile::open(path);
    ASSERT_TRUE(file.ok()) << file.status().message();
    EXPECT_EQ((*file)->getString("general.name").value(), "new");
    EXPECT_EQ((*file)->paths(), std::vector<std::filesystem::path>{path});
    EXPECT_EQ(std::memcmp((*file)->tensor("t")->data, pattern(16, 9).data(), 16), 0);
    EXPECT_FALSE(first.write(dir.path() / "missing" / "x.gguf").ok());
}

TEST(GgufReaderTest, ReadsVersion2Files) {
    ByteImage image;
    image.header(1, 2, 2);
    image.key("general.architecture", GgufType::String).str("llama");
    image.key("llama.block_count", GgufType::UInt32).u32(2);
    image.tensorInfo("weight", {4, 2}, kF32, 0).pad();
    image.put(1.0f).zeros(28);
    const auto file = parseOk(image.bytes());
    ASSERT_NE(file, nullptr);
    EXPECT_EQ(file->version(), 2u);
    EXPECT_EQ(file->getString("general.architecture").value(), "llama");
    ASSERT_NE(file->tensor("weight"), nullptr);
    EXPECT_EQ(file->tensor("weight")->fileOffset, image.bytes().size() - 32);
    EXPECT_EQ(file->tensor("weight")->data[3], 0x3f);  // 1.0f, little-endian
}

// ---- Metadata getters ----------------------------------------------------------------------

TEST(GgufFileTest, GettersNameTheKeyThatIsMissingOrOfAnotherType) {
    GgufWriter writer;
    writer.setString("s", "x");
    writer.setInt32("negative", -1);
    writer.setUInt32("n", 3);
    const auto file = parseOk(writer.serialize());
    ASSERT_NE(file, nullptr);
    EXPECT_NE(file->getString("absent").status().message().find("'absent' is missing"),
              std::string::npos);
    EXPECT_NE(file->getUInt("s").status().message().find("'s' is a string"), std::string::npos);
    EXPECT_NE(file->getUInt("negative").status().message().find("negative"), std::string::npos);
    EXPECT_FALSE(file->getBool("n").ok());
    EXPECT_EQ(file->getFloat("n").value(), 3.0);
    EXPECT_EQ(file->getUIntOr("absent", 9).value(), 9u);
    EXPECT_EQ(file->getFloatOr("absent", 0.5).value(), 0.5);
    EXPECT_EQ(file->getStringOr("absent", "d").value(), "d");
    EXPECT_EQ(file->getUIntOr("n", 9).value(), 3u);
    EXPECT_FALSE(file->getUIntOr("s", 9).ok());  // fallback only when missing
    EXPECT_FALSE(file->getStringOr("n", "d").ok());
}

// ---- Split sets ----------------------------------------------------------------------------

// Writes "<dir>/model-0000i-of-0000n.gguf" with tensor "t<i>" and llama.cpp's split keys.
void writeSplitSet(const std::filesystem::path& dir, uint16_t count) {
    for (uint16_t i = 0; i < count; ++i) {
        GgufWriter writer;
        if (i == 0) writer.setString("general.architecture", "llama");
        writer.setUInt32("split.no", i);  // llama.cpp writes u16; any integer type is read
        writer.setUInt32("split.count", count);
        writer.setInt32("split.tensors.count", count);
        EXPECT_TRUE(writer
                        .addTensor(std::string("t") + std::to_string(i), TensorType::F32, {2},
                                   pattern(8, static_cast<uint8_t>(i)))
                        .ok());
        char name[64];
        std::snprintf(name, sizeof(name), "model-%05u-of-%05u.gguf", i + 1u, count * 1u);
        EXPECT_TRUE(writer.write(dir / name).ok());
    }
}

TEST(GgufSplitTest, OpensTheWholeSetFromAnyFile) {
    TempDir dir;
    writeSplitSet(dir.path(), 3);
    for (const char* name : {"model-00001-of-00003.gguf", "model-00003-of-00003.gguf"}) {
        auto file = GgufFile::open(dir.path() / name);
        ASSERT_TRUE(file.ok()) << file.status().message();
        EXPECT_EQ((*file)->paths().size(), 3u);
        EXPECT_EQ((*file)->paths()[1].filename(), "model-00002-of-00003.gguf");
        EXPECT_EQ((*file)->getString("general.architecture").value(), "llama");
        ASSERT_EQ((*file)->tensors().size(), 3u);
        for (uint32_t i = 0; i < 3; ++i) {
            const GgufTensor* tensor = (*file)->tensor(std::string("t") + std::to_string(i));
            ASSERT_NE(tensor, nullptr);
            EXPECT_EQ(tensor->fileIndex, i);
            EXPECT_EQ(std::memcmp(tensor->data, pattern(8, static_cast<uint8_t>(i)).data(), 8), 0);
        }
    }
}

TEST(GgufSplitTest, AMissingFileIsNamed) {
    TempDir dir;
    writeSplitSet(dir.path(), 3);
    std::filesystem::remove(dir.path() / "model-00002-of-00003.gguf");
    const auto file = GgufFile::open(dir.path() / "model-00001-of-00003.gguf");
    ASSERT_FALSE(file.ok());
    EXPECT_NE(file.status().message().find("model-00002-of-00003.gguf"), std::string::npos)
        << file.status().message();
}

TEST(GgufSplitTest, SplitNumberMustMatchTheFileName) {
    TempDir dir;
    writeSplitSet(dir.path(), 2);
    // Swap the two files: each one's split.no now disagrees with its name.
    const auto a = dir.path() / "model-00001-of-00002.gguf";
    const auto b = dir.path() / "model-00002-of-00002.gguf";
    std::filesystem::rename(a, dir.path() / "tmp");
    std::filesystem::rename(b, a);
    std::filesystem::rename(dir.path() / "tmp", b);
    const auto file = GgufFile::open(a);
    ASSERT_FALSE(file.ok());
    EXPECT_NE(file.status().message().find("'split.no'"), std::string::npos)
        << file.status().message();
}

TEST(GgufSplitTest, TensorCountMustMatchTheSet) {
    TempDir dir;
    writeSplitSet(dir.path(), 2);
    GgufWriter writer;  // a first file that claims 5 tensors in the set
    writer.setUInt32("split.no", 0);
    writer.setUInt32("split.count", 2);
    writer.setInt32("split.tensors.count", 5);
    ASSERT_TRUE(writer.addTensor("t0", TensorType::F32, {2}, pattern(8, 0)).ok());
    ASSERT_TRUE(writer.write(dir.path() / "model-00001-of-00002.gguf").ok());
    const auto file = GgufFile::open(dir.path() / "model-00002-of-00002.gguf");
    ASSERT_FALSE(file.ok());
    EXPECT_NE(file.status().message().find("'split.tensors.count'"), std::string::npos)
        << file.status().message();
}

TEST(GgufSplitTest, DuplicateTensorNamesAcrossFilesAreRefused) {
    TempDir dir;
    for (uint32_t i = 1; i <= 2; ++i) {
        GgufWriter writer;
        ASSERT_TRUE(writer.addTensor("shared", TensorType::F32, {2}, pattern(8, 0)).ok());
        ASSERT_TRUE(
            writer
                .write(dir.path() / (std::string("m-0000") + std::to_string(i) + "-of-00002.gguf"))
                .ok());
    }
    const auto file = GgufFile::open(dir.path() / "m-00001-of-00002.gguf");
    ASSERT_FALSE(file.ok());
    EXPECT_NE(file.status().message().find("tensor 'shared'"), std::string::npos)
        << file.status().message();
}

TEST(GgufSplitTest, ALoneFileClaimingToBePartOfASetIsRefused) {
    TempDir dir;
    GgufWriter writer;
    writer.setUInt32("split.count", 3);
    ASSERT_TRUE(writer.write(dir.path() / "renamed.gguf").ok());
    const auto file = GgufFile::open(dir.path() / "renamed.gguf");
    ASSERT_FALSE(file.ok());
    EXPECT_NE(file.status().message().find("'split.count'"), std::string::npos);
}

// ---- Mapped files --------------------------------------------------------------------------

TEST(MappedFileTest, MissingDirectoryAndEmptyFilesAreClearErrors) {
    TempDir dir;
    std::ofstream(dir.path() / "empty.gguf").close();
    const auto missing = MappedFile::open(dir.path() / "absent.gguf");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.status().message().find("no such file"), std::string::npos);
    const auto directory = MappedFile::open(dir.path());
    ASSERT_FALSE(directory.ok());
    EXPECT_NE(directory.status().message().find("directory"), std::string::npos);
    const auto empty = MappedFile::open(dir.path() / "empty.gguf");
    ASSERT_FALSE(empty.ok());
    EXPECT_NE(empty.status().message().find("empty"), std::string::npos);
    EXPECT_FALSE(GgufFile::open(dir.path() / "empty.gguf").ok());
}

// ---- One crafted image per bug class -------------------------------------------------------

TEST(GgufRegressionTest, ErrorsNameFileKeyAndHexOffset) {
    ByteImage image;
    image.header(0, 2).key("k", GgufType::UInt8).u8(1).key("k", GgufType::UInt8).u8(2);
    const auto file = GgufFile::parse(image.bytes(), "crafted.gguf");
    ASSERT_FALSE(file.ok());
    EXPECT_EQ(file.status().message(), "crafted.gguf: key 'k' at offset 0x26: duplicate key");
}

TEST(GgufRegressionTest, Version1IsRefused) {
    expectRefused(ByteImage().header(0, 0, 1).bytes(), {"header", "version 1"});
}

TEST(GgufRegressionTest, OtherVersionsAndBigEndianAreRefused) {
    expectRefused(ByteImage().header(0, 0, 4).bytes(), {"version 4"});
    expectRefused(ByteImage().header(0, 0, 0x03000000).bytes(), {"big-endian"});
    expectRefused(ByteImage().u32(0x46554746).u32(3).bytes(), {"not a GGUF file"});
}

TEST(GgufRegressionTest, KeyCountLargerThanTheFileIsRefusedBeforeAllocating) {
    expectRefused(ByteImage().header(0, uint64_t{1} << 60).bytes(), {"header", "keys"});
}

TEST(GgufRegressionTest, TensorCountLargerThanTheFileIsRefusedBeforeAllocating) {
    expectRefused(ByteImage().header(kMax64, 0).bytes(), {"header", "tensors"});
}

TEST(GgufRegressionTest, ArrayCountTimesElementSizeOverflowIsRefused) {
    // 2^61 + 1 eight-byte elements: the byte count wraps to 8.
    ByteImage image;
    image.header(0, 1).arrayKey("big", GgufType::UInt64, (uint64_t{1} << 61) + 1).u64(0);
    expectRefused(image.bytes(), {"key 'big'", "array"});
}

TEST(GgufRegressionTest, HugeStringArrayCountIsRefused) {
    ByteImage image;
    image.header(0, 1).arrayKey("tokenizer.ggml.tokens", GgufType::String, kMax64 / 8);
    image.str("a");
    expectRefused(image.bytes(), {"key 'tokenizer.ggml.tokens'", "array"});
}

TEST(GgufRegressionTest, StringLengthOfMaxDoesNotWrap) {
    ByteImage image;
    image.header(0, 1).key("name", GgufType::String).u64(kMax64).str("abc");
    expectRefused(image.bytes(), {"key 'name'", "string value"});
    expectRefused(ByteImage().header(0, 1).u64(kMax64).zeros(16).bytes(), {"key #0"});
}

TEST(GgufRegressionTest, UnknownValueTypeIsRefused) {
    ByteImage image;
    image.header(0, 1).str("odd").u32(13).u64(0);
    expectRefused(image.bytes(), {"key 'odd'", "type id 13"});
    ByteImage element;
    element.header(0, 1).key("odd", GgufType::Array).u32(0xffffffff).u64(0);
    expectRefused(element.bytes(), {"key 'odd'", "element type id 4294967295"});
}

TEST(GgufRegressionTest, NestedArraysAreRefused) {
    ByteImage image;
    image.header(0, 1).arrayKey("nest", GgufType::Array, 1);
    image.u32(static_cast<uint32_t>(GgufType::Array)).u64(1).zeros(16);
    expectRefused(image.bytes(), {"key 'nest'", "nested arrays"});
}

TEST(GgufRegressionTest, DuplicateKeysAreRefused) {
    ByteImage image;
    image.header(0, 2).key("dup", GgufType::UInt32).u32(1).key("dup", GgufType::UInt32).u32(2);
    expectRefused(image.bytes(), {"key 'dup'", "duplicate key"});
}

TEST(GgufRegressionTest, BoolOtherThanZeroOrOneIsRefused) {
    expectRefused(ByteImage().header(0, 1).key("flag", GgufType::Bool).u8(2).bytes(),
                  {"key 'flag'", "bool"});
}

TEST(GgufRegressionTest, UnsupportedTensorTypeIsRefusedByName) {
    ByteImage image;
    image.header(1, 0).tensorInfo("blk.0.iq", {256}, 16, 0).pad().zeros(66);
    expectRefused(image.bytes(), {"tensor 'blk.0.iq'", "iq2_xxs (id 16)"});
    ByteImage unknown;
    unknown.header(1, 0).tensorInfo("t", {4}, 0xffffffff, 0).pad().zeros(32);
    expectRefused(unknown.bytes(), {"tensor 't'", "type id 4294967295"});
}

TEST(GgufRegressionTest, MoreThanFourDimensionsAreRefused) {
    ByteImage image;
    image.header(1, 0).tensorInfo("t5", {1, 1, 1, 1, 1}, kF32, 0).pad().zeros(32);
    expectRefused(image.bytes(), {"tensor 't5'", "5 dimensions"});
    ByteImage huge;
    huge.header(1, 0).str("tbig").u32(0xffffffff).zeros(64);
    expectRefused(huge.bytes(), {"tensor 'tbig'", "4294967295 dimensions"});
    ByteImage none;
    none.header(1, 0).tensorInfo("t0", {}, kF32, 0).zeros(64);
    expectRefused(none.bytes(), {"tensor 't0'", "0 dimensions"});
}

TEST(GgufRegressionTest, ZeroDimensionIsRefused) {
    ByteImage image;
    image.header(1, 0).tensorInfo("empty", {4, 0}, kF32, 0).pad().zeros(32);
    expectRefused(image.bytes(), {"tensor 'empty'", "dimension 1 is 0"});
}

TEST(GgufRegressionTest, ElementCountOverflowIsRefused) {
    ByteImage image;
    image.header(1, 0).tensorInfo("wide", {uint64_t{1} << 32, uint64_t{1} << 32, 2}, kF32, 0);
    image.pad().zeros(32);
    expectRefused(image.bytes(), {"tensor 'wide'", "element count overflows"});
}

TEST(GgufRegressionTest, TensorDataSizeOverflowIsRefused) {
    // 2^62 elements fit in 64 bits; their 2^64 bytes do not.
    ByteImage image;
    image.header(1, 0).tensorInfo("big", {uint64_t{1} << 31, uint64_t{1} << 31}, kF32, 0);
    image.pad().zeros(32);
    expectRefused(image.bytes(), {"tensor 'big'", "overflows"});
    ByteImage row;
    row.header(1, 0).tensorInfo("row", {uint64_t{1} << 63}, kF32, 0).pad().zeros(32);
    expectRefused(row.bytes(), {"tensor 'row'", "row size overflows"});
}

TEST(GgufRegressionTest, RowThatIsNotWholeBlocksIsRefused) {
    ByteImage image;
    image.header(1, 0).tensorInfo("q", {128, 2}, kQ4_K, 0).pad().zeros(288);
    expectRefused(image.bytes(), {"tensor 'q'", "not a multiple", "256"});
}

TEST(GgufRegressionTest, TensorDataPastTheEndIsRefused) {
    ByteImage image;
    image.header(1, 0).tensorInfo("long", {16}, kF32, 0).pad().zeros(32);  // needs 64
    expectRefused(image.bytes(), {"tensor 'long'", "past the end"});
}

TEST(GgufRegressionTest, TensorOffsetNearMaxDoesNotWrap) {
    ByteImage image;
    image.header(1, 0).tensorInfo("far", {8}, kF32, kMax64 - 31).pad().zeros(32);
    expectRefused(image.bytes(), {"tensor 'far'", "past the end"});
}

TEST(GgufRegressionTest, UnalignedTensorOffsetIsRefused) {
    ByteImage image;
    image.header(1, 0).tensorInfo("odd", {4}, kF32, 4).pad().zeros(64);
    expectRefused(image.bytes(), {"tensor 'odd'", "not a multiple of the alignment 32"});
}

TEST(GgufRegressionTest, OverlappingTensorsAreRefused) {
    ByteImage image;
    image.header(2, 0).tensorInfo("a", {16}, kF32, 0).tensorInfo("b", {8}, kF32, 32);
    image.pad().zeros(64);
    expectRefused(image.bytes(), {"tensor 'b'", "overlaps tensor 'a'"});
}

TEST(GgufRegressionTest, DuplicateTensorNamesAreRefused) {
    ByteImage image;
    image.header(2, 0).tensorInfo("w", {8}, kF32, 0).tensorInfo("w", {8}, kF32, 32);
    image.pad().zeros(64);
    expectRefused(image.bytes(), {"tensor 'w'", "duplicate tensor name"});
}

TEST(GgufRegressionTest, AlignmentMustBeAPowerOfTwo) {
    ByteImage image;
    image.header(0, 1).key("general.alignment", GgufType::UInt32).u32(3);
    expectRefused(image.bytes(), {"key 'general.alignment'", "alignment 3"});
    ByteImage zero;
    zero.header(0, 1).key("general.alignment", GgufType::UInt32).u32(0);
    expectRefused(zero.bytes(), {"key 'general.alignment'", "alignment 0"});
}

TEST(GgufRegressionTest, HugeAlignmentIsRefused) {
    ByteImage image;
    image.header(0, 1).key("general.alignment", GgufType::UInt64).u64(uint64_t{1} << 63);
    expectRefused(image.bytes(), {"key 'general.alignment'", "power of two"});
    ByteImage text;
    text.header(0, 1).key("general.alignment", GgufType::String).str("32");
    expectRefused(text.bytes(), {"key 'general.alignment'", "must be an unsigned integer"});
}

TEST(GgufRegressionTest, AlignmentPaddingPastTheEndIsRefused) {
    // A 1 MiB alignment pads the data section far past this small file.
    ByteImage image;
    image.header(1, 1).key("general.alignment", GgufType::UInt32).u32(1u << 20);
    image.tensorInfo("t", {4}, kF32, 0).zeros(16);
    expectRefused(image.bytes(), {"data section", "alignment"});
}

TEST(GgufRegressionTest, TokenIdOutsideTheVocabularyIsRefused) {
    ByteImage image;
    image.header(0, 2).arrayKey("tokenizer.ggml.tokens", GgufType::String, 2).str("a").str("b");
    image.key("tokenizer.ggml.eos_token_id", GgufType::UInt32).u32(2);
    expectRefused(image.bytes(), {"key 'tokenizer.ggml.eos_token_id'", "token id 2"});
    ByteImage negative;
    negative.header(0, 2).arrayKey("tokenizer.ggml.tokens", GgufType::String, 1).str("a");
    negative.key("tokenizer.ggml.bos_token_id", GgufType::Int32).put<int32_t>(-1);
    expectRefused(negative.bytes(), {"key 'tokenizer.ggml.bos_token_id'", "-1"});
    ByteImage text;
    text.header(0, 1).key("tokenizer.ggml.padding_token_id", GgufType::String).str("0");
    expectRefused(text.bytes(), {"key 'tokenizer.ggml.padding_token_id'", "integer"});
}

TEST(GgufRegressionTest, VocabularyArraysOfUnequalLengthAreRefused) {
    ByteImage image;
    image.header(0, 3).arrayKey("tokenizer.ggml.tokens", GgufType::String, 2).str("a").str("b");
    image.arrayKey("tokenizer.ggml.scores", GgufType::Float32, 2).put(0.f).put(0.f);
    image.arrayKey("tokenizer.ggml.token_type", GgufType::Int32, 1).u32(1);
    expectRefused(image.bytes(), {"key 'tokenizer.ggml.token_type'", "has 1 entries",
                                  "'tokenizer.ggml.tokens' has 2"});
    ByteImage wrongType;
    wrongType.header(0, 1).arrayKey("tokenizer.ggml.tokens", GgufType::Int32, 1).u32(0);
    expectRefused(wrongType.bytes(),
                  {"key 'tokenizer.ggml.tokens'", "array of strings, not an array of int32"});
}

TEST(GgufRegressionTest, EveryTruncationOfAValidFileIsAnError) {
    GgufWriter writer;
    writer.setString("general.architecture", "llama");
    writer.setStringArray("tokenizer.ggml.tokens", {"a", "b", "c"});
    writer.setUInt32("tokenizer.ggml.bos_token_id", 1);
    ASSERT_TRUE(writer.addTensor("t", TensorType::Q8_0, {32, 2}, pattern(68, 3)).ok());
    const std::vector<uint8_t> bytes = writer.serialize();
    const auto whole = parseOk(bytes);
    ASSERT_NE(whole, nullptr);
    const uint64_t dataEnd = whole->tensor("t")->fileOffset + 68;  // then only padding
    for (size_t n = 0; n < dataEnd; ++n) {
        const auto file = GgufFile::parse(std::span(bytes.data(), n));
        EXPECT_FALSE(file.ok()) << "prefix of " << n << " bytes was accepted";
    }
}

TEST(GgufRegressionTest, ControlCharactersInNamesStayOnOneLine) {
    ByteImage image;
    image.header(0, 2).key("a\nb", GgufType::UInt8).u8(1).key("a\nb", GgufType::UInt8).u8(1);
    expectRefused(image.bytes(), {"key 'a\\x0ab'"});
}

}  // namespace
}  // namespace hearth::formats
