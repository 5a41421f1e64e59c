// Just enough XML to read STS's answers: the text of a named element. STS's query protocol
// answers are flat, namespace-default documents with no attributes on the elements read here, so
// a scanner for `<Name>` ... `</Name>` does; a full parser (or <regex>) would cost the wasm build
// far more than it buys.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace credprobe {

// What lies between the first `<name>` (or `<name attr="...">`) and the next `</name>`, raw;
// nullopt when there is no such element. `<name/>` yields an empty view.
std::optional<std::string_view> xml_element_content(std::string_view xml, std::string_view name);

// The element's text with the five predefined entities and numeric character references
// (&#38; &#x26;) replaced; CDATA sections are taken as they are.
std::optional<std::string> xml_element_text(std::string_view xml, std::string_view name);

std::string xml_unescape(std::string_view text);

// The content of the root element when the whole body is one document whose root is `root`:
// optional whitespace and `<?xml ...?>` declaration, `<root ...>`, its content, `</root>`, and
// nothing but whitespace after. nullopt for anything else (a proxy's HTML page, a body with text
// around the document): an answer is read only when it is the document the provider sends.
std::optional<std::string_view> xml_document_root(std::string_view xml, std::string_view root);

}  // namespace credprobe
