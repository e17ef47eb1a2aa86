#include "archive_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "decompress.h"

namespace kubesift::ingest::detail {
namespace {

constexpr size_t kChunk = 256 * 1024;
constexpr size_t kFileBlock = 128 * 1024;

struct ArchiveFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

// A reader for every format we accept, with no compression filter: a
// compressed stream is decoded before it (decompress.h). Formats are
// limited to tar and zip (plus raw, for a compressed single file, and
// empty): the others libarchive knows (mtree in particular reads files
// named in its entries from the local disk) have no place here.
ArchivePtr new_reader() {
  ArchivePtr a(archive_read_new());
  if (!a) return a;
  archive_read_support_format_tar(a.get());
  archive_read_support_format_zip(a.get());
  archive_read_support_format_raw(a.get());
  archive_read_support_format_empty(a.get());
  return a;
}

// libarchive's message. Some failures set none (a gzip stream cut inside its
// 8-byte trailer).
std::string la_error(archive* a) {
  const char* s = archive_error_string(a);
  return s != nullptr && *s != '\0' ? std::string(s) : std::string("no detail from libarchive");
}

// libarchive's read callback over a decoded stream.
la_ssize_t decoded_read(archive* a, void* client, const void** buf) {
  auto* dec = static_cast<Decoder*>(client);
  const char* p = nullptr;
  int64_t n = dec->next(&p);
  if (n < 0) {
    archive_set_error(a, EIO, "%s", dec->error().c_str());
    return ARCHIVE_FATAL;
  }
  *buf = p;
  return static_cast<la_ssize_t>(n);
}

// Compressed bytes consumed so far: the decoder's count, or libarchive's
// (a zip member is decompressed by the format itself).
uint64_t packed_bytes(archive* a, const Decoder* dec) {
  if (dec != nullptr) return dec->consumed();
  return static_cast<uint64_t>(std::max<int64_t>(0, archive_filter_bytes(a, -1)));
}

bool all_zero(const char* p, size_t n) {
  unsigned char acc = 0;
  for (size_t i = 0; i < n; ++i) acc |= static_cast<unsigned char>(p[i]);
  return acc == 0;
}

int format_base(archive* a) {
  return archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;
}

Item error_item(std::string path, std::string message) {
  return Item{std::move(path), {}, std::move(message)};
}

Item note_item(std::string sentence) {
  Item it;
  it.note = std::move(sentence);
  return it;
}

// Member names come from untrusted archives: control characters would reach
// the terminal through the report, so they are shown as '?'.
std::string printable(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

struct Normalised {
  std::string path;
  bool unsafe = false;  // a ".." component
};

// Drops leading "/", "." and empty components; flags "..".
Normalised normalise(std::string_view name) {
  Normalised n;
  size_t i = 0;
  while (i <= name.size()) {
    size_t j = name.find('/', i);
    if (j == std::string_view::npos) j = name.size();
    std::string_view c = name.substr(i, j - i);
    if (c == "..") {
      n.unsafe = true;
    } else if (!c.empty() && c != ".") {
      if (!n.path.empty()) n.path += '/';
      n.path += c;
    }
    i = j + 1;
  }
  n.path = printable(n.path);
  return n;
}

// Byte order, component by component: '/' sorts before every other byte, so
// "a/y" comes before "a-b/x" as it does in the directory walk.
bool path_less(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = a[i] == '/' ? 0 : static_cast<unsigned char>(a[i]);
    unsigned char y = b[i] == '/' ? 0 : static_cast<unsigned char>(b[i]);
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

// A v7 tar header (no "ustar" magic): a name and a valid octal checksum of
// the 512-byte header, computed with the checksum field as spaces.
bool tar_checksum_ok(std::string_view h) {
  if (h.size() < 512 || h[0] == '\0') return false;
  uint64_t want = 0;
  int digits = 0;
  for (size_t i = 148; i < 156; ++i) {
    char c = h[i];
    if (c >= '0' && c <= '7') {
      want = want * 8 + static_cast<uint64_t>(c - '0');
      ++digits;
    } else if (c == ' ' || c == '\0') {
      if (digits > 0) break;
    } else {
      return false;
    }
  }
  if (digits == 0) return false;
  uint64_t sum = 0;
  for (size_t i = 0; i < 512; ++i)
    sum += (i >= 148 && i < 156) ? uint64_t{' '} : static_cast<unsigned char>(h[i]);
  return sum == want;
}

std::string damaged(Container kind) {
  return kind == Container::Compressed ? "corrupt or truncated compressed file: "
                                       : "corrupt or truncated archive: ";
}

std::string bytes(uint64_t n) {
  return std::to_string(n) + " bytes";
}

// The limits and counters of one input (a file or stdin with every archive
// nested in it).
struct Budget {
  uint64_t bytes = 0;    // uncompressed bytes read, kept or skipped
  uint64_t entries = 0;  // archive entries seen
  bool stop = false;     // a whole-input limit was hit: read nothing more
};

// What an archive holds that is not read, said in one note per archive.
struct PassedOver {
  std::vector<std::string> symlinks, hardlinks, fifos, devices, sockets, other;
  std::vector<std::pair<std::string, std::string>> hardlink_targets;  // name, target

  // Sorts an entry that is not a regular file (directories are not said).
  void add(archive_entry* e, std::string name) {
    switch (archive_entry_filetype(e)) {
      case AE_IFDIR: break;
      case AE_IFLNK: symlinks.push_back(std::move(name)); break;
      case AE_IFIFO: fifos.push_back(std::move(name)); break;
      case AE_IFCHR:
      case AE_IFBLK: devices.push_back(std::move(name)); break;
      case AE_IFSOCK: sockets.push_back(std::move(name)); break;
      default: other.push_back(std::move(name)); break;
    }
  }

  // The sentence, once the archive's files are known: a hard link to one
  // of them is not said (its content is read under that file's name).
  std::string note(const std::string& display, const std::set<std::string>& files) {
    for (auto& [name, target] : hardlink_targets)
      if (!files.contains(target)) hardlinks.push_back(name);
    std::string parts;
    auto part = [&](const std::vector<std::string>& names, const char* one, const char* many) {
      if (names.empty()) return;
      if (!parts.empty()) parts += ", ";
      parts += std::to_string(names.size()) + " " + (names.size() == 1 ? one : many) + " (";
      constexpr size_t kShown = 5;
      for (size_t i = 0; i < names.size() && i < kShown; ++i)
        parts += (i > 0 ? ", " : "") + names[i];
      if (names.size() > kShown) parts += " and " + std::to_string(names.size() - kShown) + " more";
      parts += ")";
    };
    part(symlinks, "symbolic link", "symbolic links");
    part(hardlinks, "hard link to a file not in the archive",
         "hard links to files not in the archive");
    part(fifos, "FIFO", "FIFOs");
    part(devices, "device", "devices");
    part(sockets, "socket", "sockets");
    part(other, "entry of an unknown type", "entries of an unknown type");
    if (parts.empty()) return {};
    bool links = !symlinks.empty() || !hardlinks.empty();
    bool special = !fifos.empty() || !devices.empty() || !sockets.empty() || !other.empty();
    return "Not read: " + display + " holds " + parts + "; " +
           (links && special ? "links in an archive are never followed, and the rest are not "
                               "regular files."
            : links          ? "links in an archive are never followed."
                             : "they are not regular files.");
  }
};

// An empty tar is a few records of zeros; more than this, with no file in
// them, is said as a possible bomb.
constexpr uint64_t kEmptyArchiveMost = 1u << 20;

class Reader {
 public:
  explicit Reader(const Options& opts) : opts_(opts), buf_(kChunk) {}

  void read_file(const std::string& file, const std::string& display, Container kind,
                 std::vector<Item>& out) {
    if (kind == Container::Compressed) {
      std::string err;
      std::unique_ptr<Decoder> dec = open_decoder(file, err);
      return read_decoded(dec.get(), err, display, 1, out);
    }
    ArchivePtr a = new_reader();
    if (!a) {
      out.push_back(error_item(display, "cannot read the archive: out of memory"));
      return;
    }
    // Opening reads ahead (the format is chosen from its first bytes), so
    // a damaged file may fail here already.
    if (archive_read_open_filename(a.get(), file.c_str(), kFileBlock) != ARCHIVE_OK) {
      out.push_back(error_item(display, damaged(kind) + la_error(a.get())));
      return;
    }
    read(a.get(), nullptr, display, 1, out);
  }

  void read_memory(std::string_view data, const std::string& display, Container kind, int depth,
                   std::vector<Item>& out) {
    if (kind == Container::Compressed) {
      std::string err;
      std::unique_ptr<Decoder> dec = open_decoder(data, err);
      return read_decoded(dec.get(), err, display, depth, out);
    }
    ArchivePtr a = new_reader();
    if (!a) {
      out.push_back(error_item(display, "cannot read the archive: out of memory"));
      return;
    }
    if (archive_read_open_memory(a.get(), data.data(), data.size()) != ARCHIVE_OK) {
      out.push_back(error_item(display, damaged(kind) + la_error(a.get())));
      return;
    }
    read(a.get(), nullptr, display, depth, out);
  }

 private:
  struct Member {
    std::string key;  // member path, for the order
    std::vector<Item> items;
  };

  // A compressed stream: libarchive reads the decoded bytes as a tar, a zip
  // or one document (raw). No decoder: `err` says why it could not open.
  void read_decoded(Decoder* dec, const std::string& err, const std::string& display, int depth,
                    std::vector<Item>& out) {
    if (!dec) {
      out.push_back(error_item(display, damaged(Container::Compressed) + err));
      return;
    }
    ArchivePtr a = new_reader();
    if (!a) {
      out.push_back(error_item(display, "cannot read the archive: out of memory"));
      return;
    }
    if (archive_read_open(a.get(), dec, nullptr, decoded_read, nullptr) != ARCHIVE_OK) {
      out.push_back(error_item(display, damaged(Container::Compressed) + la_error(a.get())));
      return;
    }
    read(a.get(), dec, display, depth, out);
  }

  // Reads every entry of the archive `a` is open on (over `dec` when the
  // archive is compressed).
  void read(archive* a, Decoder* dec, const std::string& display, int depth,
            std::vector<Item>& out) {
    std::vector<Member> members;
    std::vector<Item> tail;  // errors about the archive as a whole
    PassedOver passed;
    uint64_t entries = 0;
    bool at_end = false;  // the archive ended (not an error, not a limit)
    std::string last;     // the last member whose header was read
    while (!budget_.stop) {
      archive_entry* e = nullptr;
      int r = archive_read_next_header(a, &e);
      if (r == ARCHIVE_EOF) {
        at_end = true;
        break;
      }
      if (r == ARCHIVE_RETRY) {
        // A header that fails its check (a tar header's checksum): what
        // follows cannot be trusted to be where the archive says.
        tail.push_back(error_item(
            display, "corrupt archive: a damaged header (bad checksum) " +
                         (last.empty() ? std::string("at its start") : "after member " + last) +
                         " (" + la_error(a) + "); the rest was not read"));
        break;
      }
      if (r < ARCHIVE_WARN) {  // FAILED or FATAL: the position in the archive is lost
        tail.push_back(error_item(display, "corrupt or truncated archive: " + la_error(a)));
        break;
      }
      ++entries;
      if (++budget_.entries > opts_.max_archive_entries) {
        tail.push_back(error_item(display, "more than " +
                                               std::to_string(opts_.max_archive_entries) +
                                               " entries in this input (decompression bomb?); "
                                               "the rest was not read"));
        budget_.stop = true;
        break;
      }

      if (format_base(a) == ARCHIVE_FORMAT_RAW) {
        // Not an archive: a compressed single file, whose document keeps the
        // file's own path. Uncompressed, the magic bytes lied (a tar or zip
        // header libarchive does not accept).
        if (dec == nullptr) {
          tail.push_back(error_item(display,
                                    "not a valid archive or compressed file: its first bytes "
                                    "say it is one, but libarchive cannot decode it"));
          break;
        }
        Member m;
        bool go_on = read_member(a, dec, e, display, depth, /*single=*/true, m.items);
        members.push_back(std::move(m));
        if (!go_on) break;
        continue;
      }

      const char* name = archive_entry_pathname(e);
      if (name == nullptr) name = archive_entry_pathname_utf8(e);
      Normalised n = normalise(name != nullptr ? name : "");
      std::string shown = display + ":" + printable(name != nullptr ? name : "?");
      last = n.path.empty() ? printable(name != nullptr ? name : "?") : n.path;
      // Regular files only. A hard link carries data only when the format
      // stores it again; otherwise it names another member (or nothing in
      // the archive).
      bool regular = archive_entry_filetype(e) == AE_IFREG;
      if (const char* target = archive_entry_hardlink(e); target != nullptr) {
        regular = archive_entry_size_is_set(e) != 0 && archive_entry_size(e) > 0;
        if (!regular) passed.hardlink_targets.emplace_back(last, normalise(target).path);
      } else if (!regular) {  // directories, symbolic links, devices, FIFOs
        passed.add(e, last);
      }
      if (!regular) {
        if (!skip_rest(a, dec, shown, tail)) break;
        continue;
      }
      if (name == nullptr) {
        tail.push_back(error_item(shown, "member name cannot be decoded, skipped"));
        if (!skip_rest(a, dec, shown, tail)) break;
        continue;
      }
      if (n.unsafe) {
        members.push_back({n.path, {error_item(shown, "unsafe path in archive, skipped")}});
        if (!skip_rest(a, dec, shown, tail)) break;
        continue;
      }
      if (n.path.empty()) {
        if (!skip_rest(a, dec, shown, tail)) break;
        continue;
      }
      Member m;
      m.key = n.path;
      bool go_on = read_member(a, dec, e, display + ":" + n.path, depth, /*single=*/false, m.items);
      members.push_back(std::move(m));
      if (!go_on) break;
    }

    // Past the archive's end, the rest of a compressed stream is decoded
    // too: its check (gzip's CRC) is verified there, and bytes hidden after
    // the end count towards the limits.
    bool rest_zero = true;
    if (at_end && dec != nullptr) at_end = drain(dec, display, entries == 0, tail, rest_zero);

    const bool nothing = members.empty() && tail.empty();
    if (nothing && at_end) {
      if (dec != nullptr && entries == 0 && format_base(a) == ARCHIVE_FORMAT_EMPTY) {
        // A compressed empty file: libarchive's "empty" format, no entry.
        members.push_back({"", {Item{display, {}, {}}}});
      } else if (entries == 0 && dec != nullptr && dec->produced() > kEmptyArchiveMost) {
        tail.push_back(error_item(display, "holds no file: " + bytes(dec->produced()) +
                                               (rest_zero ? " of zeros" : "") +
                                               " decompressed (decompression bomb?)"));
      } else if (depth == 1) {
        // The input itself yields nothing to analyse.
        tail.push_back(error_item(display, entries == 0 ? "empty archive: no file in it"
                                                        : "no regular file in this archive (only "
                                                          "directories, links or special files)"));
      } else if (entries == 0) {
        tail.push_back(note_item("Not read: " + display + " is an empty archive (no file in it)."));
      }
    }
    // Hard-link targets that are members (read under their own name).
    std::set<std::string> targets, members_linked;
    for (const auto& ht : passed.hardlink_targets) targets.insert(ht.second);
    if (!targets.empty())
      for (const auto& m : members)
        if (targets.contains(m.key)) members_linked.insert(m.key);
    if (std::string note = passed.note(display, members_linked); !note.empty())
      tail.push_back(note_item(std::move(note)));

    std::stable_sort(members.begin(), members.end(),
                     [](const Member& x, const Member& y) { return path_less(x.key, y.key); });
    for (auto& m : members)
      for (auto& it : m.items) out.push_back(std::move(it));
    for (auto& it : tail) out.push_back(std::move(it));
  }

  // Decodes the rest of a compressed stream once the archive in it has
  // ended (a tar's padding, a zip's central directory, or anything put
  // after them). Returns false, with the error in `tail`, when the stream
  // is corrupt or a limit was hit; `zero` tells whether the rest was zeros.
  bool drain(Decoder* dec, const std::string& display, bool no_file, std::vector<Item>& tail,
             bool& zero) {
    const std::string where = no_file ? "holds no file, and " : "after the end of the archive, ";
    for (;;) {
      const char* p = nullptr;
      int64_t n = dec->next(&p);
      if (n == 0) return true;
      if (n < 0) {
        tail.push_back(error_item(display, damaged(Container::Compressed) + dec->error()));
        return false;
      }
      if (zero) zero = all_zero(p, static_cast<size_t>(n));
      budget_.bytes += static_cast<uint64_t>(n);
      if (budget_.bytes > opts_.max_input_bytes) {
        Item it = total_limit_error(display);
        it.error = where + it.error;
        tail.push_back(std::move(it));
        return false;
      }
      uint64_t total = dec->produced();
      if (total > opts_.ratio_check_after_bytes && opts_.max_compression_ratio > 0) {
        uint64_t packed = std::max<uint64_t>(1, dec->consumed());
        if (packed <= UINT64_MAX / opts_.max_compression_ratio &&
            total > packed * opts_.max_compression_ratio) {
          tail.push_back(error_item(
              display, where + "the compression ratio exceeds the limit of " +
                           std::to_string(opts_.max_compression_ratio) + ":1 (" + bytes(total) +
                           (no_file && zero ? " of zeros" : "") + " from " + bytes(packed) +
                           " so far; decompression bomb?); the rest was not read"));
          return false;
        }
      }
    }
  }

  // Reads the current entry's data as the document `path` (expanding it when
  // it is an archive itself) into `items`. Returns false when nothing more
  // can or may be read from this archive.
  bool read_member(archive* a, Decoder* dec, archive_entry* e, const std::string& path, int depth,
                   bool single, std::vector<Item>& items) {
    const uint64_t limit = opts_.max_member_bytes;
    // A dropped member's data is skipped to reach the next member; a single
    // compressed stream has no next one, its reading just stops.
    auto drop = [&](std::string message) {
      items.push_back(error_item(path, std::move(message)));
      return !single && skip_rest(a, dec, path, items);
    };
    const bool sized = archive_entry_size_is_set(e) != 0 && archive_entry_size(e) >= 0;
    const uint64_t declared = sized ? static_cast<uint64_t>(archive_entry_size(e)) : 0;
    // A member too large to keep may still be taken as a stream; one that
    // says so in its header is refused before a byte is read only when
    // nothing would take it.
    if (sized && declared > limit && !opts_.stream)
      return drop("uncompressed size of " + bytes(declared) + " exceeds the limit of " +
                  bytes(limit) + " (decompression bomb?); not read");
    std::string content;
    std::shared_ptr<MemberStream> stream;  // once the member is streamed
    bool offered = false;
    uint64_t total = 0;  // decompressed bytes of this member
    // The declared size is at most `limit`; a false one costs address
    // space only (pages are touched as data arrives; the excess is given
    // back below).
    if (declared > 0)
      content.reserve(std::min(declared, std::min(limit, opts_.stream_after_bytes)));
    const uint64_t packed_start = packed_bytes(a, dec);
    for (;;) {
      la_ssize_t n = archive_read_data(a, buf_.data(), buf_.size());
      if (n == 0) break;
      if (n < 0) {
        items.push_back(
            error_item(path, std::string(single ? "corrupt or truncated compressed file: "
                                                : "corrupt or truncated archive: ") +
                                 la_error(a)));
        // After a FAILED or WARN (a bad CRC, an encrypted zip member) the
        // next header may still be readable; after FATAL nothing is.
        return !single && n != ARCHIVE_FATAL;
      }
      total += static_cast<uint64_t>(n);
      if (stream) {
        stream->data(std::string_view(buf_.data(), static_cast<size_t>(n)));
      } else {
        content.append(buf_.data(), static_cast<size_t>(n));
        budget_.bytes += static_cast<uint64_t>(n);
        if (budget_.bytes > opts_.max_input_bytes) {
          items.push_back(total_limit_error(path));
          return false;
        }
        if (!offered && opts_.stream && content.size() >= opts_.stream_after_bytes) {
          // Past the size to keep whole: a consumer may take it (never a
          // nested archive, which is read as one).
          offered = true;
          if (sniff(content) == Container::None) stream = opts_.stream(path, content);
          if (stream) {
            stream->data(content);
            budget_.bytes -= content.size();
            std::string().swap(content);
          }
        }
        if (content.size() > limit)
          return drop("uncompressed size exceeds the limit of " + bytes(limit) +
                      " (decompression bomb?); not read");
      }
      if (total > opts_.ratio_check_after_bytes && opts_.max_compression_ratio > 0) {
        // Compressed bytes consumed since the member began (what the
        // decompressor took, read ahead of the member's bytes by at most a
        // buffer).
        uint64_t p = std::max<uint64_t>(1, packed_bytes(a, dec) - packed_start);
        if (p <= UINT64_MAX / opts_.max_compression_ratio &&
            total > p * opts_.max_compression_ratio)
          return drop("compression ratio exceeds the limit of " +
                      std::to_string(opts_.max_compression_ratio) + ":1 (" + bytes(total) +
                      " from " + bytes(p) + " so far; decompression bomb?); not read");
      }
    }
    if (stream) {
      items.push_back(Item{path, {}, {}, nullptr, 0, 0, false, std::move(stream)});
      return true;
    }
    if (content.capacity() - content.size() > (1u << 20)) content.shrink_to_fit();

    if (Container kind = sniff(content); kind != Container::None) {
      if (depth >= opts_.max_archive_depth) {
        items.push_back(error_item(path, "archive nested more than " +
                                             std::to_string(opts_.max_archive_depth) +
                                             " levels deep; not read"));
        return true;
      }
      read_memory(content, path, kind, depth + 1, items);
      return !budget_.stop;
    }
    items.push_back(Item{path, std::move(content), {}});
    return true;
  }

  // Discards the rest of the current entry's data. Where that data sits in
  // a compressed stream it is decompressed to be skipped, so it counts
  // towards the input's byte limit (a bomb member cannot be skipped for
  // ever); elsewhere libarchive seeks past it. Returns false when nothing
  // more can or may be read from this archive.
  bool skip_rest(archive* a, const Decoder* dec, const std::string& path,
                 std::vector<Item>& items) {
    if (dec == nullptr) return archive_read_data_skip(a) != ARCHIVE_FATAL;
    for (;;) {
      la_ssize_t n = archive_read_data(a, buf_.data(), buf_.size());
      if (n == 0) return true;
      if (n < 0) {
        if (n != ARCHIVE_FATAL) return true;
        items.push_back(error_item(path, "corrupt or truncated archive: " + la_error(a)));
        return false;
      }
      budget_.bytes += static_cast<uint64_t>(n);
      if (budget_.bytes > opts_.max_input_bytes) {
        items.push_back(total_limit_error(path));
        return false;
      }
    }
  }

  Item total_limit_error(const std::string& path) {
    budget_.stop = true;
    return error_item(path,
                      "this input exceeds the limit of " + bytes(opts_.max_input_bytes) +
                          " uncompressed in total (decompression bomb?); the rest was not read");
  }

  const Options& opts_;
  Budget budget_;
  std::vector<char> buf_;
};

}  // namespace

Container sniff(std::string_view h) {
  auto at = [&](size_t off, std::string_view magic) {
    return h.size() >= off + magic.size() && h.substr(off, magic.size()) == magic;
  };
  using namespace std::string_view_literals;
  if (at(0, "\x1f\x8b"sv)) return Container::Compressed;
  if (at(0, "BZh"sv) && h.size() >= 10 && h[3] >= '1' && h[3] <= '9' &&
      (at(4, "\x31\x41\x59\x26\x53\x59"sv) || at(4, "\x17\x72\x45\x38\x50\x90"sv)))
    return Container::Compressed;
  if (at(0,
         "\xfd"
         "7zXZ\0"sv))
    return Container::Compressed;
  if (at(0, "\x28\xb5\x2f\xfd"sv)) return Container::Compressed;
  if (at(0, "PK\x03\x04"sv) || at(0, "PK\x05\x06"sv)) return Container::Zip;
  if (at(257, "ustar"sv) || tar_checksum_ok(h)) return Container::Tar;
  // Two zero blocks are an empty tar (a bundle's copy-from-host collector
  // writes one when there was nothing to copy): it holds no member.
  if (h.size() >= 1024 && h.substr(0, 1024).find_first_not_of('\0') == std::string_view::npos)
    return Container::Tar;
  return Container::None;
}

void read_archive_file(const std::string& file, const std::string& display, Container kind,
                       const Options& opts, std::vector<Item>& out) {
  Reader(opts).read_file(file, display, kind, out);
}

void read_archive_memory(std::string_view data, const std::string& display, Container kind,
                         const Options& opts, std::vector<Item>& out) {
  Reader(opts).read_memory(data, display, kind, 1, out);
}

}  // namespace kubesift::ingest::detail
