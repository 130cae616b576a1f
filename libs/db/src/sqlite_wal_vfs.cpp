#include "sqlite_wal_vfs.hpp"

#include <sqlite3.h>

#include <cstdlib>
#include <cstring>
#include <new>

namespace eventbook::db::detail {

namespace {

// SQLite writes each WAL frame as two writes (its 24-byte header, then the
// page), so a commit of n pages costs 2n system calls before its one sync.
// This VFS sits on the default one and, for WAL files only, gathers writes
// that follow each other into one buffer, written out with one call before
// anything else touches the file: before a sync (every commit syncs, with
// synchronous = FULL, before its frames become visible to readers), a read,
// a size query, a truncation or a close. A write elsewhere in the file (the
// header of a restarted WAL) first writes out what is gathered.
// The default VFS writes at most 128 KiB - 1 bytes per call.
constexpr sqlite3_int64 kBufferBytes = 120 * 1024;

sqlite3_vfs* real_vfs() { return static_cast<sqlite3_vfs*>(sqlite3_vfs_find(nullptr)); }

struct File {
  sqlite3_file base;     // must come first: SQLite sees this
  sqlite3_file* real;    // the default VFS's file, stored right after this struct
  char* buffer;          // WAL files only
  sqlite3_int64 start;   // file offset of buffer[0]
  sqlite3_int64 length;  // bytes gathered
};

File* self(sqlite3_file* file) { return reinterpret_cast<File*>(file); }

int flush(File* f) {
  if (f->length == 0) return SQLITE_OK;
  int code = f->real->pMethods->xWrite(f->real, f->buffer, static_cast<int>(f->length), f->start);
  f->length = 0;
  return code;
}

int do_close(sqlite3_file* file) {
  File* f = self(file);
  int flushed = f->buffer != nullptr ? flush(f) : SQLITE_OK;
  int closed = f->real->pMethods->xClose(f->real);
  std::free(f->buffer);
  f->buffer = nullptr;
  return flushed != SQLITE_OK ? flushed : closed;
}

int do_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  File* f = self(file);
  if (int code = flush(f); code != SQLITE_OK) return code;
  return f->real->pMethods->xRead(f->real, out, amount, offset);
}

int do_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  File* f = self(file);
  if (f->buffer == nullptr) return f->real->pMethods->xWrite(f->real, data, amount, offset);
  if (f->length > 0 && (offset != f->start + f->length || f->length + amount > kBufferBytes)) {
    if (int code = flush(f); code != SQLITE_OK) return code;
  }
  if (amount > kBufferBytes) return f->real->pMethods->xWrite(f->real, data, amount, offset);
  if (f->length == 0) f->start = offset;
  std::memcpy(f->buffer + f->length, data, static_cast<std::size_t>(amount));
  f->length += amount;
  return SQLITE_OK;
}

int do_truncate(sqlite3_file* file, sqlite3_int64 size) {
  File* f = self(file);
  if (int code = flush(f); code != SQLITE_OK) return code;
  return f->real->pMethods->xTruncate(f->real, size);
}

int do_sync(sqlite3_file* file, int flags) {
  File* f = self(file);
  if (int code = flush(f); code != SQLITE_OK) return code;
  return f->real->pMethods->xSync(f->real, flags);
}

int do_file_size(sqlite3_file* file, sqlite3_int64* size) {
  File* f = self(file);
  if (int code = flush(f); code != SQLITE_OK) return code;
  return f->real->pMethods->xFileSize(f->real, size);
}

int do_lock(sqlite3_file* file, int level) { return self(file)->real->pMethods->xLock(self(file)->real, level); }

int do_unlock(sqlite3_file* file, int level) { return self(file)->real->pMethods->xUnlock(self(file)->real, level); }

int do_check_reserved_lock(sqlite3_file* file, int* out) {
  return self(file)->real->pMethods->xCheckReservedLock(self(file)->real, out);
}

int do_file_control(sqlite3_file* file, int op, void* arg) {
  File* f = self(file);
  if (int code = flush(f); code != SQLITE_OK) return code;
  return f->real->pMethods->xFileControl(f->real, op, arg);
}

int do_sector_size(sqlite3_file* file) { return self(file)->real->pMethods->xSectorSize(self(file)->real); }

int do_device_characteristics(sqlite3_file* file) {
  return self(file)->real->pMethods->xDeviceCharacteristics(self(file)->real);
}

int do_shm_map(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  return self(file)->real->pMethods->xShmMap(self(file)->real, region, size, extend, out);
}

int do_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  return self(file)->real->pMethods->xShmLock(self(file)->real, offset, n, flags);
}

void do_shm_barrier(sqlite3_file* file) { self(file)->real->pMethods->xShmBarrier(self(file)->real); }

int do_shm_unmap(sqlite3_file* file, int delete_flag) {
  return self(file)->real->pMethods->xShmUnmap(self(file)->real, delete_flag);
}

int do_fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  File* f = self(file);
  if (int code = flush(f); code != SQLITE_OK) return code;
  return f->real->pMethods->xFetch(f->real, offset, amount, out);
}

int do_unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  return self(file)->real->pMethods->xUnfetch(self(file)->real, offset, page);
}

// One table per version of the file beneath, so that SQLite never calls a
// method that file lacks.
sqlite3_io_methods methods_for(int version) {
  sqlite3_io_methods m{};
  m.iVersion = version;
  m.xClose = do_close;
  m.xRead = do_read;
  m.xWrite = do_write;
  m.xTruncate = do_truncate;
  m.xSync = do_sync;
  m.xFileSize = do_file_size;
  m.xLock = do_lock;
  m.xUnlock = do_unlock;
  m.xCheckReservedLock = do_check_reserved_lock;
  m.xFileControl = do_file_control;
  m.xSectorSize = do_sector_size;
  m.xDeviceCharacteristics = do_device_characteristics;
  if (version >= 2) {
    m.xShmMap = do_shm_map;
    m.xShmLock = do_shm_lock;
    m.xShmBarrier = do_shm_barrier;
    m.xShmUnmap = do_shm_unmap;
  }
  if (version >= 3) {
    m.xFetch = do_fetch;
    m.xUnfetch = do_unfetch;
  }
  return m;
}

const sqlite3_io_methods kMethods[] = {methods_for(1), methods_for(2), methods_for(3)};

int do_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* real = static_cast<sqlite3_vfs*>(vfs->pAppData);
  File* f = self(file);
  f->base.pMethods = nullptr;
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  f->buffer = nullptr;
  f->start = 0;
  f->length = 0;
  int code = real->xOpen(real, name, f->real, flags, out_flags);
  if (code != SQLITE_OK || f->real->pMethods == nullptr) return code;
  if ((flags & SQLITE_OPEN_WAL) != 0) {
    f->buffer = static_cast<char*>(std::malloc(static_cast<std::size_t>(kBufferBytes)));
    if (f->buffer == nullptr) {
      f->real->pMethods->xClose(f->real);
      return SQLITE_NOMEM;
    }
  }
  int version = f->real->pMethods->iVersion;
  f->base.pMethods = &kMethods[(version < 1 ? 1 : version > 3 ? 3 : version) - 1];
  return SQLITE_OK;
}

sqlite3_vfs* below(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }

int do_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return below(vfs)->xDelete(below(vfs), name, sync_dir);
}
int do_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return below(vfs)->xAccess(below(vfs), name, flags, out);
}
int do_full_pathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return below(vfs)->xFullPathname(below(vfs), name, size, out);
}
void* do_dl_open(sqlite3_vfs* vfs, const char* name) { return below(vfs)->xDlOpen(below(vfs), name); }
void do_dl_error(sqlite3_vfs* vfs, int size, char* out) { below(vfs)->xDlError(below(vfs), size, out); }
void (*do_dl_sym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return below(vfs)->xDlSym(below(vfs), handle, symbol);
}
void do_dl_close(sqlite3_vfs* vfs, void* handle) { below(vfs)->xDlClose(below(vfs), handle); }
int do_randomness(sqlite3_vfs* vfs, int size, char* out) { return below(vfs)->xRandomness(below(vfs), size, out); }
int do_sleep(sqlite3_vfs* vfs, int microseconds) { return below(vfs)->xSleep(below(vfs), microseconds); }
int do_current_time(sqlite3_vfs* vfs, double* out) { return below(vfs)->xCurrentTime(below(vfs), out); }
int do_get_last_error(sqlite3_vfs* vfs, int size, char* out) {
  return below(vfs)->xGetLastError(below(vfs), size, out);
}
int do_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return below(vfs)->xCurrentTimeInt64(below(vfs), out);
}

}  // namespace

const char* gathering_wal_vfs() {
  static const char* name = []() -> const char* {
    sqlite3_vfs* real = real_vfs();
    if (real == nullptr || real->iVersion < 2) return nullptr;  // use the default VFS as it is
    static sqlite3_vfs vfs{};
    vfs.iVersion = 2;
    vfs.szOsFile = static_cast<int>(sizeof(File)) + real->szOsFile;
    vfs.mxPathname = real->mxPathname;
    vfs.zName = "eventbook-gathered-wal";
    vfs.pAppData = real;
    vfs.xOpen = do_open;
    vfs.xDelete = do_delete;
    vfs.xAccess = do_access;
    vfs.xFullPathname = do_full_pathname;
    vfs.xDlOpen = do_dl_open;
    vfs.xDlError = do_dl_error;
    vfs.xDlSym = do_dl_sym;
    vfs.xDlClose = do_dl_close;
    vfs.xRandomness = do_randomness;
    vfs.xSleep = do_sleep;
    vfs.xCurrentTime = do_current_time;
    vfs.xGetLastError = do_get_last_error;
    vfs.xCurrentTimeInt64 = do_current_time_int64;
    if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK) return nullptr;
    return vfs.zName;
  }();
  return name;
}

}  // namespace eventbook::db::detail
