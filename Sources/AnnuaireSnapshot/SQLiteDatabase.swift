import CSQLite

/// An SQLite error: what was being done, on which file, and SQLite's own message.
public struct SQLiteError: Error, CustomStringConvertible {
    /// The database file.
    public let path: String
    /// What was being done (e.g. `opening`, `inserting into "cartes"`).
    public let during: String
    /// SQLite's result code and message (`sqlite3_errmsg`).
    public let code: Int32
    /// SQLite's message for `code`.
    public let message: String

    /// What happened, where, and what to do.
    public var description: String {
        "SQLite failed \(during) \(path): \(message) (code \(code)); check that the directory exists, "
            + "is writable and has free space, and that the path is not a directory"
    }
}

/// One SQLite connection (`sqlite3*`) and the statements prepared on it: the only place where the
/// export touches SQLite's C interface. Not `Sendable`: one writer.
final class SQLiteDatabase {
    let path: String
    private var handle: OpaquePointer?

    /// Opens (creating it if missing) the database at `path`.
    init(path: String) throws {
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(handle)
            handle = nil
            throw SQLiteError(path: path, during: "opening", code: rc, message: message)
        }
    }

    deinit { if let handle { sqlite3_close_v2(handle) } }

    /// Runs `sql` (one or more statements, no results kept).
    func execute(_ sql: String, during: String) throws {
        try check(sqlite3_exec(handle, sql, nil, nil, nil), during: during)
    }

    /// Prepares one statement for repeated use.
    func prepare(_ sql: String, during: String) throws -> Statement {
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil), during: during)
        return Statement(database: self, statement: statement!, during: during)
    }

    /// Closes the connection (finalising what remains); errors say what stayed open.
    func close() throws {
        guard let handle else { return }
        let rc = sqlite3_close_v2(handle)
        self.handle = nil
        guard rc == SQLITE_OK else {
            throw SQLiteError(path: path, during: "closing", code: rc, message: String(cString: sqlite3_errstr(rc)))
        }
    }

    fileprivate func check(_ rc: Int32, during: String) throws {
        guard rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            throw SQLiteError(path: path, during: during, code: rc, message: message)
        }
    }

    /// A prepared statement: bind its parameters, `run()`, repeat.
    final class Statement {
        private let database: SQLiteDatabase
        private let statement: OpaquePointer
        private let during: String

        fileprivate init(database: SQLiteDatabase, statement: OpaquePointer, during: String) {
            self.database = database
            self.statement = statement
            self.during = during
        }

        deinit { sqlite3_finalize(statement) }

        /// Binds `text` to parameter `index` (1-based); an empty text binds NULL when `emptyIsNull`.
        func bind(_ index: Int32, _ text: String, emptyIsNull: Bool = false) throws {
            if text.isEmpty && emptyIsNull { return try database.check(sqlite3_bind_null(statement, index), during: during) }
            if text.isEmpty { return try database.check(csqlite_bind_text(statement, index, "", 0), during: during) }
            var text = text
            let rc = text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { csqlite_bind_text(statement, index, $0.baseAddress!, Int32(bytes.count)) }
            }
            try database.check(rc, during: during)
        }

        /// Binds an integer to parameter `index` (1-based), or NULL for `nil`.
        func bind(_ index: Int32, _ value: Int?) throws {
            let rc = value.map { sqlite3_bind_int64(statement, index, sqlite3_int64($0)) } ?? sqlite3_bind_null(statement, index)
            try database.check(rc, during: during)
        }

        /// Steps the statement to its end, then resets it and clears its bindings for the next run.
        func run() throws {
            let rc = sqlite3_step(statement)
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
            try database.check(rc, during: during)
        }
    }
}
