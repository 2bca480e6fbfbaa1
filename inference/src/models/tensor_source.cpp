#include "models/tensor_source.h"

#include "formats/gguf.h"

namespace hearth::models {

TensorList::TensorList(std::vector<TensorView> tensors) : m_tensors(std::move(tensors)) {
    for (size_t i = 0; i < m_tensors.size(); ++i) m_index.emplace(m_tensors[i].name, i);
}

TensorList TensorList::fromGguf(const formats::GgufFile& file) {
    std::vector<TensorView> views;
    views.reserve(file.tensors().size());
    for (const formats::GgufTensor& t : file.tensors())
        views.push_back({t.name, t.type, t.dims, t.elements, t.bytes, t.data});
    return TensorList(std::move(views));
}

const TensorView* TensorList::tensor(std::string_view name) const {
    const auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : &m_tensors[it->second];
}

}  // namespace hearth::models
