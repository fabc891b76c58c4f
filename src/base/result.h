// Result<T>: a value or an Error saying what failed and on what (DESIGN.md §8).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace nexus {

class [[nodiscard]] Error {
 public:
  explicit Error(std::string message) : message_(std::move(message)) {}
  const std::string& message() const { return message_; }
  // Prepends context: "loading profile: open profile.db: permission denied".
  Error Context(const std::string& what) const { return Error(what + ": " + message_); }

 private:
  std::string message_;
};

// Error from errno, e.g. ErrnoError("open /etc/x") -> "open /etc/x: No such file or directory".
Error ErrnoError(const std::string& what);
Error ErrnoError(const std::string& what, int error_number);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : data_(std::move(error)) {}  // NOLINT

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const Error& error() const { return std::get<1>(data_); }

 private:
  std::variant<T, Error> data_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_{""};
  bool ok_ = true;
};

using Status = Result<void>;

inline Status OkStatus() {
  return Status();
}

}  // namespace nexus

// TRY(expr): returns the error of a failed Result from the enclosing function.
#define NEXUS_CONCAT_INNER(a, b) a##b
#define NEXUS_CONCAT(a, b) NEXUS_CONCAT_INNER(a, b)
#define TRY_STATUS(expr)                  \
  do {                                    \
    auto nexus_try_status = (expr);       \
    if (!nexus_try_status.ok())           \
      return nexus_try_status.error();    \
  } while (0)
// ASSIGN_OR_RETURN(auto x, expr): binds the value of a Result or returns its error.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(NEXUS_CONCAT(nexus_result_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok())                              \
    return tmp.error();                       \
  lhs = std::move(tmp).value()
