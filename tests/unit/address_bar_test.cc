#include "services/browser/address_bar.h"

#include <gtest/gtest.h>

namespace nexus::browser {
namespace {

TEST(AddressBar, WithoutTheModelHostsAreOpenedAndWordsSearched) {
  for (const char* url : {"example.com", "news.ycombinator.com/item?id=1", "localhost:8080",
                          "127.0.0.1:3000/x", "https://a.b/c", "file:///tmp/x.html", "localhost"})
    EXPECT_EQ(GuessIntent(url), AddressBarIntent::kUrl) << url;
  for (const char* words : {"best pizza", "why is the sky blue?", "pizza", "", "  ", ".com",
                            "end.", "2 + 2"})
    EXPECT_EQ(GuessIntent(words), AddressBarIntent::kSearch) << words;
}

TEST(AddressBar, AddressesAreCompletedAsBrowsersDo) {
  EXPECT_EQ(*AddressFromInput("example.com"), "https://example.com/");
  EXPECT_EQ(*AddressFromInput(" localhost:8080/a "), "http://localhost:8080/a");
  EXPECT_EQ(*AddressFromInput("127.0.0.1:9/p?q=1"), "http://127.0.0.1:9/p?q=1");
  EXPECT_EQ(*AddressFromInput("http://Example.com/x"), "http://example.com/x");
  EXPECT_FALSE(AddressFromInput("two words.com").ok());
  EXPECT_FALSE(AddressFromInput("").ok());
}

TEST(AddressBar, SearchesAreFormEncodedIntoTheTemplate) {
  EXPECT_EQ(SearchUrl(kDefaultSearchTemplate, " how tall is K2? "),
            "https://duckduckgo.com/?q=how+tall+is+K2%3F");
  EXPECT_EQ(SearchUrl("http://127.0.0.1:1/s?q=%s&x=1", "a&b=c/ü"),
            "http://127.0.0.1:1/s?q=a%26b%3Dc%2F%C3%BC&x=1");
  EXPECT_TRUE(CheckSearchTemplate(kDefaultSearchTemplate).ok());
  EXPECT_FALSE(CheckSearchTemplate("https://e.com/?q=").ok());
  EXPECT_FALSE(CheckSearchTemplate("https://e.com/?q=%s&r=%s").ok());
  EXPECT_FALSE(CheckSearchTemplate("file:///tmp/%s").ok());
}

TEST(AddressBar, ModelLabelsAndTypedCommands) {
  EXPECT_EQ(IntentFromLabel("question"), AddressBarIntent::kQuestion);
  EXPECT_EQ(IntentFromLabel("calculation"), AddressBarIntent::kCalculation);
  EXPECT_FALSE(IntentFromLabel("__label__url").has_value());
  EXPECT_EQ(TypedCommandIn(" Reload "), TypedCommand::kReload);
  EXPECT_EQ(TypedCommandIn("go back"), TypedCommand::kBack);
  EXPECT_FALSE(TypedCommandIn("open settings").has_value());
}

}  // namespace
}  // namespace nexus::browser
