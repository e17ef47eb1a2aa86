// JSON log lines: the hand walker of parse/log_line.h against simdjson
// On-Demand, on the same lines, extracting the same fields (level/severity,
// msg/message, time/ts/timestamp; a docker json-file envelope's `log` read
// as the payload). The lines are a realistic mix (zap, logrus, slog, GCP,
// Kubernetes components, docker json-file envelopes) with 1% damaged
// (cut short, a stray quote, junk between members), generated in memory.
//
// Counters: `json` = lines read as a JSON record, `level` = lines with a
// known level, `failed` = lines the reader refused (simdjson's errors),
// `agree` = lines whose level and message are the hand walker's (the
// message compared after unescaping, simdjson gives it decoded for docker).
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <array>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kubesift/parse/log_line.h"
#include "parse/src/log_line_json.h"

#define KS_STR2(x) #x
#define KS_STR(x) KS_STR2(x)

namespace {

using namespace kubesift;
namespace od = simdjson::ondemand;

constexpr size_t kLines = 100000;

std::string json_log_mix(size_t lines) {
  std::mt19937 rng(7);
  std::string out;
  char buf[1024];
  for (size_t n = 0; n < lines; ++n) {
    unsigned r = rng() % 100;
    unsigned id = static_cast<unsigned>(rng() % 1000000);
    double ts = 1675685509.0 + static_cast<double>(n) * 0.013;
    long ms = static_cast<long>(ts * 1000);
    int sec = static_cast<int>(n % 60), frac = static_cast<int>(rng() % 1000000);
    if (r < 25) {  // zap production
      std::snprintf(
          buf, sizeof buf,
          R"j({"level":"info","ts":%.3f,"caller":"server/handler.go:42","msg":"request served","path":"/api/v1/items/%u","status":200,"bytes":%u})j",
          ts, id, id % 9000);
    } else if (r < 30) {  // zap error with a stack trace
      std::snprintf(
          buf, sizeof buf,
          R"j({"level":"error","ts":%.3f,"caller":"db/pool.go:120","msg":"dial tcp 10.96.0.%u:5432: connect: connection refused","attempt":%u,"stacktrace":"main.run\n\t/app/main.go:42\nmain.main\n\t/app/main.go:17"})j",
          ts, id % 250, id % 7);
    } else if (r < 42) {  // logrus
      std::snprintf(
          buf, sizeof buf,
          R"j({"level":"warning","msg":"disk almost full on /var/lib/data (%u%%)","time":"2023-02-06T12:11:%02d+01:00","volume":"data-%u"})j",
          60 + id % 40, sec, id % 16);
    } else if (r < 52) {  // slog
      std::snprintf(
          buf, sizeof buf,
          R"j({"time":"2023-02-06T12:11:%02d.%06dZ","level":"INFO","msg":"cache refreshed","entries":%u,"source":{"function":"main.refresh","file":"/app/cache.go","line":88}})j",
          sec, frac, id);
    } else if (r < 62) {  // GCP structured logging, RFC 3339 timestamp
      std::snprintf(
          buf, sizeof buf,
          R"j({"severity":"INFO","message":"[PlaceOrder] user_id=\"d7f14948-0863-4ae9-a26e-%012u\" user_currency=\"USD\"","timestamp":"2023-02-06T12:11:%02d.%06dZ","logging.googleapis.com/trace":"projects/p/traces/%u"})j",
          id, sec, frac, id);
    } else if (r < 67) {  // GCP, {seconds,nanos} timestamp
      std::snprintf(
          buf, sizeof buf,
          R"j({"severity":"ERROR","message":"no such file or directory: /srv/data/%u.bin","timestamp":{"seconds":%ld,"nanos":%d}})j",
          id, ms / 1000, frac * 1000);
    } else if (r < 82) {  // Kubernetes component (JSON logging format)
      if (id % 5 == 0)
        std::snprintf(
            buf, sizeof buf,
            R"j({"ts":%ld.%03d,"caller":"cache/reflector.go:424","msg":"Failed to watch","err":"Get \"https://10.96.0.1:443/api/v1/pods?watch=true\": dial tcp 10.96.0.1:443: connect: connection refused","v":0})j",
            ms, static_cast<int>(id % 1000));
      else
        std::snprintf(
            buf, sizeof buf,
            R"j({"ts":%ld.%03d,"caller":"kubelet/kubelet.go:2136","msg":"SyncLoop (PLEG): event for pod","pod":{"name":"web-%u","namespace":"default"},"event":{"ID":"%u","Type":"ContainerStarted"},"v":2})j",
            ms, static_cast<int>(id % 1000), id % 40, id);
    } else if (r < 90) {  // docker json-file around a zap line
      std::snprintf(
          buf, sizeof buf,
          R"j({"log":"{\"level\":\"info\",\"ts\":%.3f,\"caller\":\"main.go:31\",\"msg\":\"listening on :%u\"}\n","stream":"stderr","time":"2023-02-06T12:11:%02d.%09dZ"})j",
          ts, 8000 + id % 1000, sec, frac * 1000);
    } else if (r < 99) {  // docker json-file around plain text
      std::snprintf(
          buf, sizeof buf,
          R"j({"log":"10.244.1.%u - - [06/Feb/2023:12:11:49 +0000] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.28\"\n","stream":"stdout","time":"2023-02-06T12:11:%02d.%09dZ"})j",
          id % 250, sec, frac * 1000);
    } else {  // damaged: a line cut short, a stray quote, junk between members
      switch (id % 3) {
        case 0:
          std::snprintf(
              buf, sizeof buf,
              R"j({"severity":"ERROR","message":"no such file or directory: /Users/my_user/bin/curr)j");
          break;
        case 1:
          std::snprintf(
              buf, sizeof buf,
              R"j({"message":"unexpected token "<" in config %u"","severity":"error","timestamp":"2023-02-06T12:11:%02dZ"})j",
              id, sec);
          break;
        default:
          std::snprintf(
              buf, sizeof buf,
              R"j({"ts":%.3f junk ,"level":"warn","msg":"slow response from upstream %u"})j", ts,
              id);
          break;
      }
    }
    out += buf;
    out += '\n';
  }
  return out;
}

struct Corpus {
  std::string text;  // the lines, each ending in "\n"; capacity padded for simdjson
  std::vector<std::string_view> lines;
  size_t longest = 0;
};

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus c;
    c.text = json_log_mix(kLines);
    // One padding for the whole text: simdjson reads past a line into the
    // next ones (allowed, the bytes past `len` only need to be readable).
    c.text.reserve(c.text.size() + simdjson::SIMDJSON_PADDING);
    std::string_view t = c.text;
    for (size_t pos = 0; pos < t.size();) {
      size_t nl = t.find('\n', pos);
      c.lines.push_back(t.substr(pos, nl - pos));
      c.longest = std::max(c.longest, nl - pos);
      pos = nl + 1;
    }
    return c;
  }();
  return c;
}

// What both readers give for one line.
struct Read {
  bool json = false;
  model::LogLevel level = model::LogLevel::Unknown;
  std::string_view message, time;
  bool message_escaped = false;
};

Read hand(std::string_view line) {
  model::LogLineFields f = parse::split_log_line(line);
  Read r;
  r.json = f.payload_shape == model::LogShape::JsonLines || f.shape == model::LogShape::DockerJson;
  r.level = f.level;
  r.message = f.message;
  r.time = f.timestamp;
  r.message_escaped = f.message_escaped;
  return r;
}

// --- simdjson On-Demand ---------------------------------------------------

// The hand walker's keys and key ranking (parse/src/log_line_json.h).
using parse::logline::kLevelKeys;
using parse::logline::kMessageKeys;
using parse::logline::kTimeKeys;
using parse::logline::rank_of;

// A scalar's text as written: a string without its quotes (escapes kept),
// a number or literal without the blanks after it.
std::string_view token_text(od::value& v) {
  std::string_view t = v.raw_json_token();
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r'))
    t.remove_suffix(1);
  if (t.size() >= 2 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
  return t;
}

struct Simdjson {
  od::parser outer, inner;
  std::vector<char> copy, payload;  // padded buffers, reused

  // Reads the object at `data` (len bytes, `cap` readable). False when
  // simdjson refuses the line.
  bool read(od::parser& p, const char* data, size_t len, size_t cap, bool envelope, Read& r) {
    od::document doc;
    if (p.iterate(data, len, cap).get(doc)) return false;
    od::object obj;
    if (doc.get_object().get(obj)) return false;
    int lr = 99, mr = 99, tr = 99;
    bool has_err = false, first = true, first_is_log = false, has_stream = false;
    std::string_view level, log, docker_time;
    for (auto member : obj) {
      od::field f;
      if (std::move(member).get(f)) return false;
      std::string_view key;
      if (f.unescaped_key().get(key)) return false;
      od::value v = f.value();
      od::json_type t;
      if (v.type().get(t)) return false;
      bool is_string = t == od::json_type::string, decoded = false;
      int k = rank_of(key, kLevelKeys), m = rank_of(key, kMessageKeys),
          tk = rank_of(key, kTimeKeys);
      std::string_view text;  // escapes kept, as the hand walker gives it
      if (envelope && key == "log" && is_string) {
        if (v.get_string().get(log)) return false;  // decoded: the payload as written
        first_is_log = first;
        text = log;
        decoded = true;
      } else if (t == od::json_type::object || t == od::json_type::array) {
        // Only a time key wants an object's text (GCP {seconds,nanos}).
        od::object o;
        if (tk >= 0 && tk < tr && k < 0 && m < 0 &&
            (v.get_object().get(o) || o.raw_json().get(text)))
          return false;
      } else {
        text = token_text(v);
      }
      first = false;
      if (key == "stream") has_stream = true;
      if (envelope && key == "time") docker_time = text;
      if (k >= 0 && k < lr) {
        level = text;
        lr = k;
      } else if (m >= 0 && m < mr && is_string) {
        r.message = text;
        r.message_escaped = !decoded && text.find('\\') != std::string_view::npos;
        mr = m;
      } else if (tk >= 0 && tk < tr) {
        r.time = text;
        tr = tk;
      } else if ((key == "err" || key == "error") && t != od::json_type::null) {
        has_err = true;
      }
    }
    if (envelope && first_is_log && has_stream) {
      // docker json-file: the application's line is the decoded `log` value.
      if (!log.empty() && log.back() == '\n') log.remove_suffix(1);
      Read in;
      in.message = log;
      size_t b = 0;
      while (b < log.size() && (log[b] == ' ' || log[b] == '\t')) ++b;
      if (b < log.size() && log[b] == '{') {
        // The decoded text lives in the outer parser's string buffer; a
        // second parser reads it from a padded copy.
        payload.resize(log.size() + simdjson::SIMDJSON_PADDING);
        std::memcpy(payload.data(), log.data(), log.size());
        Read j;
        if (read(inner, payload.data(), log.size(), payload.size(), false, j)) in = j;
      }
      r = in;
      r.json = true;
      if (!docker_time.empty()) r.time = docker_time;  // the envelope's time first
      return true;
    }
    r.json = true;
    if (!level.empty())
      r.level = parse::level_from_word(level);
    else if (has_err)
      r.level = model::LogLevel::Error;
    if (mr == 99) r.message = std::string_view(data, len);
    return true;
  }

  // In place: the line inside the corpus, padded once at its end.
  bool in_place(std::string_view line, const Corpus& c, Read& r) {
    size_t cap = static_cast<size_t>(c.text.data() + c.text.capacity() - line.data());
    return read(outer, line.data(), line.size(), cap, true, r);
  }
  // Copied into a reused padded buffer first.
  bool copied(std::string_view line, Read& r) {
    if (copy.size() < line.size() + simdjson::SIMDJSON_PADDING)
      copy.resize(line.size() + simdjson::SIMDJSON_PADDING);
    std::memcpy(copy.data(), line.data(), line.size());
    return read(outer, copy.data(), line.size(), copy.size(), true, r);
  }
};

struct Tally {
  size_t json = 0, level = 0, failed = 0;
  void add(const Read& r) {
    json += r.json;
    level += r.level != model::LogLevel::Unknown;
  }
};

void report(benchmark::State& state, const Corpus& c, const Tally& t) {
  double bytes = static_cast<double>(c.text.size()) * static_cast<double>(state.iterations());
  double lines = static_cast<double>(c.lines.size()) * static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["MB/s"] = benchmark::Counter(bytes / 1e6, benchmark::Counter::kIsRate);
  state.counters["lines/s"] = benchmark::Counter(lines, benchmark::Counter::kIsRate);
  state.counters["json"] = static_cast<double>(t.json);
  state.counters["level"] = static_cast<double>(t.level);
  state.counters["failed"] = static_cast<double>(t.failed);
  // On-Demand's kernel is chosen at compile time (fallback without -march).
  state.SetLabel("simdjson kernel " KS_STR(SIMDJSON_BUILTIN_IMPLEMENTATION));
}

void BM_LogJsonHandWalker(benchmark::State& state) {
  const Corpus& c = corpus();
  Tally t;
  for (auto _ : state) {
    t = Tally{};
    for (std::string_view line : c.lines) {
      Read r = hand(line);
      t.add(r);
      benchmark::DoNotOptimize(r);
    }
  }
  report(state, c, t);
}

void BM_LogJsonSimdjson(benchmark::State& state) {
  const Corpus& c = corpus();
  Simdjson sj;
  const bool copy = state.range(0) != 0;
  Tally t;
  for (auto _ : state) {
    t = Tally{};
    for (std::string_view line : c.lines) {
      Read r;
      if (copy ? sj.copied(line, r) : sj.in_place(line, c, r))
        t.add(r);
      else
        ++t.failed;
      benchmark::DoNotOptimize(r);
    }
  }
  report(state, c, t);
}

// simdjson first, the hand walker for the lines simdjson refuses: what
// keeping the hand walker's tolerance would cost.
void BM_LogJsonHybrid(benchmark::State& state) {
  const Corpus& c = corpus();
  Simdjson sj;
  Tally t;
  for (auto _ : state) {
    t = Tally{};
    for (std::string_view line : c.lines) {
      Read r;
      if (!sj.in_place(line, c, r)) {
        ++t.failed;
        r = hand(line);
      }
      t.add(r);
      benchmark::DoNotOptimize(r);
    }
  }
  report(state, c, t);
}

// Not timed: how many lines simdjson reads as the hand walker does.
void BM_LogJsonAgreement(benchmark::State& state) {
  const Corpus& c = corpus();
  Simdjson sj;
  size_t agree = 0, refused = 0;
  for (auto _ : state) {
    agree = refused = 0;
    for (std::string_view line : c.lines) {
      Read h = hand(line), s;
      if (!sj.in_place(line, c, s)) {
        ++refused;
        continue;
      }
      std::string hm = h.message_escaped ? parse::unescape_json(h.message) : std::string(h.message);
      std::string sm = s.message_escaped ? parse::unescape_json(s.message) : std::string(s.message);
      agree += h.level == s.level && hm == sm && h.json == s.json;
    }
  }
  state.counters["lines"] = static_cast<double>(c.lines.size());
  state.counters["agree"] = static_cast<double>(agree);
  state.counters["refused"] = static_cast<double>(refused);
}

}  // namespace

BENCHMARK(BM_LogJsonHandWalker)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LogJsonSimdjson)->ArgName("copy")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LogJsonHybrid)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LogJsonAgreement)->Iterations(1)->Unit(benchmark::kMillisecond);
