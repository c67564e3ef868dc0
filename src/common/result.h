// Errors as values. A function that can fail returns Status or Result<T>;
// exceptions never cross a module border.
//
// An Error's message is one line for a human: what went wrong, with the input
// it concerns, and what to do next ("feed.xml: not a feed (no <rss>, <feed> or
// JSON Feed object); check the URL").
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace herald {

// Broad kinds, so callers can branch without parsing messages.
enum class ErrorKind {
  kInvalidInput,   // the input is malformed (bad feed, bad config, bad flag)
  kNotFound,       // asked-for thing does not exist
  kIo,             // file or socket failure
  kNetwork,        // DNS, connect, TLS, timeout
  kRefused,        // refused by policy (private address, size cap, robots)
  kHttp,           // the server answered with an error status
  kStorage,        // database failure
  kInternal,       // a bug
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
};

inline Error MakeError(ErrorKind kind, std::string message) {
  return Error{kind, std::move(message)};
}

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { assert(!ok_); return error_; }
  const std::string& message() const { return error_.message; }

 private:
  Error error_;
  bool ok_ = true;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT
  Result(Error error) : v_(std::move(error)) {}    // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }
  const std::string& message() const { return error().message; }
  Status status() const { return ok() ? Status() : Status(error()); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace herald
