// A read-only view of a constant table: `constexpr Row kRows[] = {...}` whose text fields are
// std::string_view. Such a table is data in the binary, where a static std::vector of std::string
// rows is code that builds it at first use (about 10 bytes of wasm per field; docs/performance.md,
// "Payload"). constexpr is also what keeps the views honest: a row built from a temporary
// std::string does not compile.
#pragma once

#include <cstddef>

// A table's column that only the generated docs read (what a readiness answer looks like, what a
// request sends). The wasm build defines CREDPROBE_WITHOUT_DOC_TEXT (emscripten/CMakeLists.txt):
// the page never shows these texts, so it does not download them, and the column is "" there.
// Native builds, which generate the docs (src/docs) and print them (`credprobe providers`),
// keep every text.
#ifdef CREDPROBE_WITHOUT_DOC_TEXT
#define CREDPROBE_DOC_TEXT(text) ""
#else
#define CREDPROBE_DOC_TEXT(text) text
#endif

namespace credprobe {

template <typename Row>
class Table {
 public:
  template <std::size_t N>
  constexpr Table(const Row (&rows)[N]) : rows_(rows), size_(N) {}  // NOLINT: implicit on purpose

  constexpr const Row* begin() const { return rows_; }
  constexpr const Row* end() const { return rows_ + size_; }
  constexpr std::size_t size() const { return size_; }
  constexpr const Row& operator[](std::size_t i) const { return rows_[i]; }
  constexpr const Row& front() const { return rows_[0]; }
  constexpr const Row& back() const { return rows_[size_ - 1]; }

 private:
  const Row* rows_;
  std::size_t size_;
};

}  // namespace credprobe
