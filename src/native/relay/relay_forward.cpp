#include "native/relay/relay_forward.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <memory>

namespace credprobe::relay {

namespace {

struct Transfer {
  HttpResponse response;
  size_t max_bytes = 0;
  bool too_large = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  if (t->response.body.size() + n > t->max_bytes) {
    t->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, n);
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  std::string line(data, n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.rfind("HTTP/", 0) == 0) {
    t->response.headers.clear();  // a new response (after 1xx): start over
    return n;
  }
  auto colon = line.find(':');
  if (colon == std::string::npos) return n;
  std::string value = line.substr(colon + 1);
  size_t first = value.find_first_not_of(" \t");
  value = first == std::string::npos ? std::string() : value.substr(first);
  if (t->response.headers.size() < 200)
    t->response.headers.push_back({line.substr(0, colon), value});
  return n;
}

struct EasyDeleter {
  void operator()(CURL* e) const { curl_easy_cleanup(e); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

std::vector<std::string> resolve_addresses(const std::string& host) {
  std::vector<std::string> addresses;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), "443", &hints, &found) != 0) return addresses;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* raw = nullptr;
    if (a->ai_family == AF_INET) {
      raw = &reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr;
    } else if (a->ai_family == AF_INET6) {
      raw = &reinterpret_cast<const sockaddr_in6*>(a->ai_addr)->sin6_addr;
    } else {
      continue;
    }
    if (inet_ntop(a->ai_family, raw, text, sizeof text) != nullptr) addresses.emplace_back(text);
  }
  freeaddrinfo(found);
  return addresses;
}

ForwardResult forward(const ForwardRequest& request, const ForwardLimits& limits) {
  ForwardResult result;
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  if (!easy) {
    result.detail = "libcurl could not start a transfer";
    return result;
  }
  CURL* e = easy.get();
  Transfer transfer;
  transfer.max_bytes = limits.max_response_bytes;
  const Destination& d = request.destination;
  const std::string url = d.url();

  curl_easy_setopt(e, CURLOPT_URL, url.c_str());
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, d.insecure ? "http" : "https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
  // A proxy would resolve the host itself and defeat the pinned, checked address.
  curl_easy_setopt(e, CURLOPT_PROXY, "");
  curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(limits.timeout_seconds * 1000));
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(limits.max_response_bytes));
  curl_easy_setopt(e, CURLOPT_USERAGENT, "credprobe-relay/0.1");
  // Decoded here, so the size cap applies to what the page receives and framing stays ours.
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &transfer);

  std::unique_ptr<curl_slist, ListDeleter> resolve;
  if (!request.pinned_address.empty()) {
    const bool v6 = request.pinned_address.find(':') != std::string::npos;
    const std::string entry = d.host + ":" + std::to_string(d.port) + ":" +
                              (v6 ? "[" + request.pinned_address + "]" : request.pinned_address);
    resolve.reset(curl_slist_append(nullptr, entry.c_str()));
    curl_easy_setopt(e, CURLOPT_RESOLVE, resolve.get());
  }

  if (request.method == "POST") {
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  }
  curl_slist* headers = nullptr;
  for (const auto& header : request.headers) {
    headers = curl_slist_append(headers, (header.name + ": " + header.value).c_str());
  }
  // libcurl would add "Expect: 100-continue" to larger POSTs, and a Content-Type for POSTs
  // without one; send neither unless the page did.
  headers = curl_slist_append(headers, "Expect:");
  if (!find_header(request.headers, "Content-Type")) {
    headers = curl_slist_append(headers, "Content-Type:");
  }
  std::unique_ptr<curl_slist, ListDeleter> header_list(headers);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, header_list.get());

  const CURLcode code = curl_easy_perform(e);
  if (code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    result.outcome = ForwardOutcome::answered;
    result.response = std::move(transfer.response);
    result.response.status = static_cast<int>(status);
    return result;
  }
  if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    result.outcome = ForwardOutcome::too_large;
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    result.outcome = ForwardOutcome::timeout;
  } else {
    result.outcome = ForwardOutcome::failed;
  }
  result.detail = curl_easy_strerror(code);
  return result;
}

}  // namespace credprobe::relay
