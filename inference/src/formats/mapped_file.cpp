#include "formats/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace hearth::formats {
namespace {

std::string errnoText(int error) {
    return std::generic_category().message(error);
}

// Closes the descriptor on every path out of open(); the mapping outlives it.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : m_fd(fd) {}
    ~FileDescriptor() {
        if (m_fd >= 0) ::close(m_fd);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

}  // namespace

Result<std::unique_ptr<MappedFile>> MappedFile::open(const std::filesystem::path& path) {
    // Appended rather than "'" + path: GCC 12's -Wrestrict misfires on that form at -O3.
    std::string name = "'";
    name += path.string();
    name += '\'';
    int fd = -1;
    do {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        const int error = errno;
        if (error == ENOENT) return Status::error(name + ": no such file");
        return Status::error(name + ": cannot open: " + errnoText(error));
    }
    const FileDescriptor file(fd);

    struct stat info {};
    if (::fstat(file.get(), &info) != 0) {
        return Status::error(name + ": cannot read file status: " + errnoText(errno));
    }
    if (S_ISDIR(info.st_mode)) return Status::error(name + " is a directory, not a file");
    if (!S_ISREG(info.st_mode)) return Status::error(name + " is not a regular file");
    if (info.st_size <= 0) return Status::error(name + " is empty");

    const auto size = static_cast<size_t>(info.st_size);
    void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, file.get(), 0);
    if (data == MAP_FAILED) {
        return Status::error(name + ": cannot map " + std::to_string(size) +
                             " bytes: " + errnoText(errno));
    }
    return std::unique_ptr<MappedFile>(
        new MappedFile(path, static_cast<const uint8_t*>(data), size));
}

MappedFile::~MappedFile() {
    ::munmap(const_cast<uint8_t*>(m_data), m_size);
}

}  // namespace hearth::formats
