#ifndef CSQLITE_H
#define CSQLITE_H

#include <sqlite3.h>

/// Binds `count` bytes of UTF-8 text at `index`, copied by SQLite (`SQLITE_TRANSIENT`, a macro
/// Swift does not import).
int csqlite_bind_text(sqlite3_stmt *statement, int index, const char *text, int count);

#endif
