// Offline format checks of Hugging Face tokens: each names the exact problem.
#include <catch2/catch.hpp>

#include "credprobe/huggingface/huggingface_lint.hpp"

using namespace credprobe;

namespace {
std::vector<std::string> messages(const std::string& token) {
  std::vector<std::string> out;
  for (const auto& issue : lint_huggingface({{"hf_token", token}})) out.push_back(issue.message);
  return out;
}
const std::string kBody = "AbCdEfGhIjKlMnOpQrStUvWxYz01234567";  // 34 letters and digits
}  // namespace

TEST_CASE("a well-formed user token has no findings") {
  CHECK(messages("hf_" + kBody).empty());
}

TEST_CASE("a short token says how many characters it has") {
  CHECK(messages("hf_" + kBody.substr(0, 30)) ==
        std::vector<std::string>{
            "has 30 characters after hf_; user access tokens have 34 (cut short when copied?)"});
}

TEST_CASE("a long token says extra characters were pasted") {
  CHECK(messages("hf_" + kBody + "ab") ==
        std::vector<std::string>{"has 36 characters after hf_; user access tokens have 34 (extra "
                                 "characters pasted along?)"});
}

TEST_CASE("a token without the prefix says the prefix is missing") {
  CHECK(messages(kBody) ==
        std::vector<std::string>{
            "does not start with \"hf_\" (the \"hf_\" prefix seems to be missing)"});
}

TEST_CASE("a retired api_ token is recognised") {
  CHECK(messages("api_" + kBody)[0] ==
        "does not start with \"hf_\" (it looks like a retired \"api_\" token; create a new user "
        "access token)");
}

TEST_CASE("whitespace and quotes pasted along are named") {
  CHECK(messages(" hf_" + kBody) ==
        std::vector<std::string>{
            "has leading or trailing whitespace (pasted along with the value?); remove it"});
  CHECK(messages("\"hf_" + kBody + "\"") ==
        std::vector<std::string>{"is wrapped in quotes; paste the value without the quotes"});
  CHECK(messages("hf_" + kBody.substr(0, 10) + " " + kBody.substr(10)) ==
        std::vector<std::string>{"contains whitespace at the 14th character"});
}

TEST_CASE("a punctuation character is located") {
  CHECK(messages("hf_" + kBody.substr(0, 5) + "-" + kBody.substr(6)) ==
        std::vector<std::string>{"has a character that is not a letter or digit at position 9 "
                                 "(only letters and digits follow hf_)"});
}

TEST_CASE("findings never quote the token") {
  const std::string token = "hf_" + kBody.substr(0, 20);
  const auto issues = lint_huggingface({{"hf_token", token}});
  REQUIRE_FALSE(issues.empty());
  for (const auto& issue : issues) {
    CHECK(issue.message.find(kBody.substr(0, 20)) == std::string::npos);
  }
}
