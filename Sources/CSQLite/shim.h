#include <sqlite3.h>

/// `SQLITE_TRANSIENT` is a function-pointer cast macro Swift cannot import: SQLite copies the
/// bound text or blob before `sqlite3_bind_*` returns.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }
