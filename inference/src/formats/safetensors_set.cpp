// Sharded checkpoints: model.safetensors.index.json, checked against path traversal, and the
// set of files of one directory read as one collection of tensors.
#include <algorithm>
#include <optional>
#include <set>
#include <system_error>

#include "formats/gguf_image.h"  // quoteForMessage
#include "formats/mapped_file.h"
#include "formats/safetensors.h"
#include "formats/strict_json.h"

namespace hearth::formats {

namespace {

using Json = nlohmann::json;

constexpr std::string_view kIndexFileName = "model.safetensors.index.json";
constexpr std::string_view kSuffix = ".safetensors";
// The index object, weight_map and metadata, one level of slack for friendlier messages.
constexpr size_t kIndexMaxDepth = 3;

// A shard must be a plain file name in the index's folder: no separator of any system, no
// "." or "..", nothing empty or invisible. Anything else could read files outside the model.
Status checkShardName(const std::string& file, const std::string& tensor,
                      const std::string& index) {
    const std::string where = index + ": weight_map sends tensor " + quoteForMessage(tensor) +
                              " to " + quoteForMessage(file);
    const bool control = std::any_of(file.begin(), file.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (file.empty())
        return Status::error(index + ": weight_map sends tensor " + quoteForMessage(tensor) +
                             " to an empty file name");
    if (file.find_first_of("/\\") != std::string::npos || file == "." || file == ".." || control)
        return Status::error(where +
                             ", which is not a plain file name in the model's folder (an index "
                             "may not point at other folders)");
    if (file.size() <= kSuffix.size() || !file.ends_with(kSuffix))
        return Status::error(where + ", which is not a .safetensors file");
    return Status();
}

bool isSafetensorsFile(const std::filesystem::directory_entry& entry) {
    std::error_code error;
    const std::string name = entry.path().filename().string();
    return name.size() > kSuffix.size() && name.ends_with(kSuffix) &&
           entry.is_regular_file(error);  // follows links: Hugging Face caches are links
}

}  // namespace

Result<SafetensorsIndex> parseSafetensorsIndex(std::string_view json, const std::string& name) {
    auto parsed = parseStrictJson(json, kIndexMaxDepth);
    if (!parsed.ok()) return parsed.status().withContext(name);
    const Json& root = parsed.value();
    if (!root.is_object())
        return Status::error(name + ": the JSON is " + describeJsonType(root) +
                             ", not an object with a weight_map");
    const auto map = root.find("weight_map");
    if (map == root.end()) return Status::error(name + ": there is no weight_map");
    if (!map->is_object())
        return Status::error(name + ": weight_map is " + describeJsonType(*map) +
                             ", not an object of tensor names and files");
    if (map->empty()) return Status::error(name + ": weight_map lists no tensors");
    SafetensorsIndex index;
    std::set<std::string> files;
    for (const auto& [tensor, file] : map->items()) {
        if (!file.is_string())
            return Status::error(name + ": weight_map sends tensor " + quoteForMessage(tensor) +
                                 " to " + describeJsonType(file) + ", not a file name");
        const std::string fileName = file.get<std::string>();
        HEARTH_RETURN_IF_ERROR(checkShardName(fileName, tensor, name));
        index.weightMap.emplace(tensor, fileName);
        files.insert(fileName);
    }
    index.files.assign(files.begin(), files.end());
    return index;
}

Result<std::unique_ptr<SafetensorsSet>> SafetensorsSet::open(
    const std::filesystem::path& directory) {
    auto set = std::unique_ptr<SafetensorsSet>(new SafetensorsSet());
    const std::filesystem::path indexPath = directory / kIndexFileName;
    const std::string indexName(kIndexFileName);
    std::error_code error;
    std::optional<SafetensorsIndex> index;
    std::vector<std::string> files;
    if (std::filesystem::exists(indexPath, error)) {
        HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<MappedFile> mapping, MappedFile::open(indexPath));
        if (mapping->size() > kSafetensorsMaxHeaderBytes)
            return Status::error(indexName + " is larger than 100 MB");
        const std::string_view text(reinterpret_cast<const char*>(mapping->data()),
                                    mapping->size());
        HEARTH_ASSIGN_OR_RETURN(index, parseSafetensorsIndex(text, indexName));
        files = index->files;
    } else {
        // increment(error) rather than a range-for, whose ++ throws.
        for (auto it = std::filesystem::directory_iterator(directory, error);
             !error && it != std::filesystem::directory_iterator(); it.increment(error))
            if (isSafetensorsFile(*it)) files.push_back(it->path().filename().string());
        if (error)
            return Status::error("cannot list '" + directory.string() + "': " + error.message());
        std::sort(files.begin(), files.end());
        if (files.empty())
            return Status::error("there are no .safetensors files in '" + directory.string() + "'");
    }

    std::map<std::string, const SafetensorsFile*, std::less<>> fileOf;  // tensor -> its file
    for (const std::string& name : files) {
        const std::filesystem::path path = directory / name;
        if (index && !std::filesystem::exists(path, error)) {
            const auto user = std::find_if(index->weightMap.begin(), index->weightMap.end(),
                                           [&](const auto& entry) { return entry.second == name; });
            return Status::error(indexName + " names " + quoteForMessage(name) + " (for tensor " +
                                 quoteForMessage(user->first) +
                                 "), which is not in the model's folder");
        }
        HEARTH_ASSIGN_OR_RETURN(std::unique_ptr<SafetensorsFile> file, SafetensorsFile::open(path));
        for (const SafetensorsTensor& t : file->tensors()) {
            const auto [it, added] = fileOf.emplace(t.name, file.get());
            if (!added)
                return Status::error("tensor " + quoteForMessage(t.name) + " is in both " +
                                     quoteForMessage(it->second->name()) + " and " +
                                     quoteForMessage(file->name()));
            set->m_tensors.emplace(t.name, &t);
        }
        set->m_files.push_back(std::move(file));
    }
    if (index) {
        for (const auto& [tensor, name] : index->weightMap) {
            const auto it = fileOf.find(tensor);
            if (it == fileOf.end() || it->second->name() != name)
                return Status::error(indexName + " puts tensor " + quoteForMessage(tensor) +
                                     " in " + quoteForMessage(name) + ", which does not hold it");
        }
    }
    return set;
}

}  // namespace hearth::formats
