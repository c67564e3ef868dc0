// Internal to store/: what the PgStore files share to turn rows into
// herald's structs and strings into what PostgreSQL accepts (pg_store.cc
// defines them).
#pragma once

#include <pqxx/pqxx>

#include <cstdint>
#include <string>
#include <string_view>

#include "store/store.h"

namespace herald::store::pg_values {

// PostgreSQL TEXT holds valid UTF-8 without NUL bytes (SQLite stores any
// bytes): invalid sequences and NULs become U+FFFD, so a hostile page is
// stored instead of failing the whole batch, and storing it again compares
// equal.
std::string PgText(std::string_view s);

// A column as a number (0 when NULL) or as text ("" when NULL).
int64_t Int(const pqxx::row& row, const char* column);
std::string Text(const pqxx::row& row, const char* column);

// "id, name, feed_url, ..." for ReadSource.
extern const char* const kSourceColumns;
Source ReadSource(const pqxx::row& row);

}  // namespace herald::store::pg_values
