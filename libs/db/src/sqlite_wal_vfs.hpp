#pragma once

namespace eventbook::db::detail {

// The name of a SQLite VFS, registered on first use, that writes the frames
// of a commit to the WAL file with one system call instead of two per page
// (see sqlite_wal_vfs.cpp), or null to use the default VFS. It relies on
// every commit syncing the WAL: only for connections with synchronous = FULL.
const char* gathering_wal_vfs();

}  // namespace eventbook::db::detail
