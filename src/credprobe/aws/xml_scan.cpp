#include "credprobe/aws/xml_scan.hpp"

#include <cstdint>

#include "credprobe/text.hpp"

namespace credprobe {

namespace {

bool ends_name(char c) {
  return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// "#38", "#x26", "amp": the character it stands for, or nullopt when unknown.
std::optional<std::string> entity(std::string_view name) {
  if (name == "amp") return std::string("&");
  if (name == "lt") return std::string("<");
  if (name == "gt") return std::string(">");
  if (name == "quot") return std::string("\"");
  if (name == "apos") return std::string("'");
  if (name.size() < 2 || name[0] != '#') return std::nullopt;
  const bool hex = name[1] == 'x' || name[1] == 'X';
  std::string_view digits = name.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  std::uint32_t code = 0;
  for (char c : digits) {
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0) return std::nullopt;
    code = code * (hex ? 16u : 10u) + static_cast<std::uint32_t>(d);
  }
  if (code == 0 || code > 0x10FFFF) return std::nullopt;
  std::string out;
  append_utf8(out, code);
  return out;
}

}  // namespace

std::optional<std::string_view> xml_document_root(std::string_view xml, std::string_view root) {
  std::string_view doc = trim_ascii_space(xml);
  if (starts_with(doc, "<?xml")) {
    const std::size_t end = doc.find("?>");
    if (end == std::string_view::npos) return std::nullopt;
    doc = trim_ascii_space(doc.substr(end + 2));
  }
  const std::string open = "<" + std::string(root);
  const std::string close = "</" + std::string(root) + ">";
  if (!starts_with(doc, open) || doc.size() < open.size() + close.size() ||
      !ends_name(doc[open.size()]) || !ends_with(doc, close)) {
    return std::nullopt;
  }
  return xml_element_content(doc, root);
}

std::optional<std::string_view> xml_element_content(std::string_view xml, std::string_view name) {
  const std::string open = "<" + std::string(name);
  std::size_t pos = 0;
  while ((pos = xml.find(open, pos)) != std::string_view::npos) {
    const std::size_t after_name = pos + open.size();
    if (after_name >= xml.size() || !ends_name(xml[after_name])) {
      pos = after_name;
      continue;
    }
    const std::size_t tag_end = xml.find('>', after_name);
    if (tag_end == std::string_view::npos) return std::nullopt;
    if (xml[tag_end - 1] == '/') return std::string_view();
    const std::size_t content = tag_end + 1;
    const std::size_t close = xml.find("</" + std::string(name) + ">", content);
    if (close == std::string_view::npos) return std::nullopt;
    return xml.substr(content, close - content);
  }
  return std::nullopt;
}

std::string xml_unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 9, "<![CDATA[") == 0) {
      const std::size_t end = text.find("]]>", i + 9);
      const std::size_t stop = end == std::string_view::npos ? text.size() : end;
      out.append(text.substr(i + 9, stop - (i + 9)));
      i = end == std::string_view::npos ? text.size() : end + 3;
      continue;
    }
    if (text[i] == '&') {
      // The longest entity ("#x10FFFF", 8 characters) ends within ten bytes: look no further,
      // or a text of many '&' without ';' is quadratic.
      const std::size_t semi = text.substr(i + 1, 10).find(';');
      if (semi != std::string_view::npos) {
        if (auto replaced = entity(text.substr(i + 1, semi))) {
          out += *replaced;
          i += semi + 2;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

std::optional<std::string> xml_element_text(std::string_view xml, std::string_view name) {
  auto content = xml_element_content(xml, name);
  if (!content) return std::nullopt;
  return xml_unescape(*content);
}

}  // namespace credprobe
