// Where a model's tensors come from, named as GGUF names them ("blk.0.attn_q.weight"): a GGUF
// file, or a Hugging Face checkpoint whose tensor names are mapped to these. Tensors are views
// into mapped files: nothing is copied until the upload.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "quant/tensor_type.h"

namespace hearth::formats {
class GgufFile;
}

namespace hearth::models {

struct TensorView {
    std::string name;
    TensorType type = TensorType::F32;
    std::vector<uint64_t> dims;  // innermost first, as GGUF stores them
    uint64_t elements = 0;
    uint64_t bytes = 0;
    const uint8_t* data = nullptr;
};

class TensorSource {
public:
    virtual ~TensorSource() = default;
    // nullptr when the model has no tensor of that name.
    virtual const TensorView* tensor(std::string_view name) const = 0;
    virtual const std::vector<TensorView>& tensors() const = 0;
};

// A source over tensors listed once; the data stays wherever the views point.
class TensorList : public TensorSource {
public:
    explicit TensorList(std::vector<TensorView> tensors);
    static TensorList fromGguf(const formats::GgufFile& file);

    const TensorView* tensor(std::string_view name) const override;
    const std::vector<TensorView>& tensors() const override { return m_tensors; }

private:
    std::vector<TensorView> m_tensors;
    std::map<std::string, size_t, std::less<>> m_index;
};

}  // namespace hearth::models
