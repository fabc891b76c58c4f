// The AI process's model manager with the real backends module and the models the build
// trained (build/models), both found beside this test binary as beside nexus.
#include "services/ai/model_manager.h"
#include "services/ai/text_embedding.h"

#include <cairo.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <climits>
#include <fstream>
#include <sstream>

namespace nexus::ai {
namespace {

std::string BuiltModels() {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  std::string path(exe, static_cast<size_t>(n));
  return path.substr(0, path.rfind('/') + 1) + "models";
}

const AiBackends& Backends() {
  auto backends = LoadAiBackends();
  EXPECT_TRUE(backends.ok()) << backends.error().message();
  return **backends;
}

TEST(AiModels, LanguagesOfSingleSentences) {
  ModelManager models(BuiltModels(), Backends());
  auto detector = models.Language("language");
  ASSERT_TRUE(detector.ok()) << detector.error().message();
  struct Case {
    const char* text;
    const char* language;
  } cases[] = {
      {"The quick brown fox jumps over the lazy dog near the river bank.", "en"},
      {"Le renard brun rapide saute par-dessus le chien paresseux près de la rivière.", "fr"},
      {"Der schnelle braune Fuchs springt über den faulen Hund am Flussufer.", "de"},
      {"El rápido zorro marrón salta sobre el perro perezoso junto al río.", "es"},
      {"La rapida volpe marrone salta sopra il cane pigro vicino al fiume.", "it"},
      {"A rápida raposa marrom pula sobre o cão preguiçoso perto do rio.", "pt"},
      // CLD2 leaves "De snelle bruine vos springt over de luie hond bij de rivier." undetermined:
      // short texts are its weak spot (docs/benchmarks.md).
      {"Het weer is vandaag erg mooi en we gaan samen naar het strand.", "nl"},
      {"Быстрая коричневая лиса прыгает через ленивую собаку у реки.", "ru"},
      {"Szybki brązowy lis przeskakuje nad leniwym psem nad rzeką.", "pl"},
      {"Den snabba bruna räven hoppar över den lata hunden vid floden.", "sv"},
      {"Hızlı kahverengi tilki nehir kenarındaki tembel köpeğin üzerinden atlar.", "tr"},
      {"素早い茶色の狐は川のそばで怠け者の犬を飛び越えます。", "ja"},
  };
  int right = 0;
  for (const Case& c : cases) {
    auto labels = (*detector)->Detect(c.text);
    bool ok = !labels.empty() && labels[0].name == c.language;
    right += ok;
    EXPECT_TRUE(ok) << c.text << " -> " << (labels.empty() ? "nothing" : labels[0].name);
  }
  EXPECT_EQ(right, 12);
  EXPECT_TRUE((*detector)->Detect(std::string("\xff\xfe\x80 broken \xc3", 12)).size() <= 3)
      << "invalid UTF-8 is cleaned, not read past";
}

TEST(AiModels, IntentOfWhatPeopleTypeInTheAddressBar) {
  ModelManager models(BuiltModels(), Backends());
  ASSERT_TRUE(models.WarmupModel("intent").ok());
  EXPECT_TRUE(models.IsModelLoaded("intent"));
  auto classifier = models.Classifier("intent");
  ASSERT_TRUE(classifier.ok()) << classifier.error().message();
  struct Case {
    const char* text;
    const char* intent;
  } cases[] = {{"en.wikipedia.org/wiki/Lisbon", "url"},
               {"how do i reset my router", "question"},
               {"2 * (3 + 4)", "calculation"},
               {"clear history", "command"},
               {"vintage guitar berlin", "search"}};
  for (const Case& c : cases) {
    auto labels = (*classifier)->Classify(c.text, 2);
    ASSERT_FALSE(labels.empty());
    EXPECT_EQ(labels[0].name, c.intent) << c.text;
    EXPECT_GE(labels[0].score, labels.back().score);
  }
  auto topics = models.Classifier("topic");
  ASSERT_TRUE(topics.ok()) << topics.error().message();
  EXPECT_EQ((*topics)->Classify("the striker scored a late goal and the team won the league", 1)[0].name,
            "sports");
  EXPECT_EQ((*topics)->Classify("preheat the oven, then bake the dough with butter and cheese", 1)[0].name,
            "food");
  models.UnloadModel("intent");
  EXPECT_FALSE(models.IsModelLoaded("intent"));
}

TEST(AiModels, TesseractReadsTextDrawnWithCairo) {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 600, 100);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 36);
  cairo_move_to(cr, 20, 60);
  cairo_show_text(cr, "Sandboxed OCR 2026");
  cairo_destroy(cr);
  std::string png;
  cairo_surface_write_to_png_stream(
      surface,
      [](void* closure, const unsigned char* data, unsigned int length) {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
      },
      &png);
  cairo_surface_destroy(surface);
  ModelManager models(BuiltModels(), Backends());
  auto recognizer = models.Recognizer("ocr-eng");
  ASSERT_TRUE(recognizer.ok()) << recognizer.error().message();
  auto text = (*recognizer)->Recognize(png);
  ASSERT_TRUE(text.ok()) << text.error().message();
  EXPECT_EQ(*text, "Sandboxed OCR 2026\n");
  EXPECT_FALSE((*recognizer)->Recognize("not an image").ok());
}

TEST(TextEmbedding, TokenIdsAreTheOnesTheTrainingScriptMakes) {
  // Printed by tools/ai/train_embedder.py's own functions: fnv1a32(b"hello") and
  // token_ids("Hello, Wörld 42x!"). If the two sides drift apart, every vector is noise.
  EXPECT_EQ(Fnv1a32("hello"), 0x4f9f2cabu);
  EXPECT_EQ(HashedTokenIds("Hello, Wörld 42x!", 16384),
            (std::vector<int64_t>{11435, 7123, 10785, 2543, 1973}));
  EXPECT_TRUE(HashedTokenIds(" ,.;! ", 16384).empty());
}

TEST(AiModels, TheTorchScriptEmbedderPutsTextsOnOneSubjectTogether) {
  ModelManager models(BuiltModels(), Backends());
  EXPECT_NE(models.LoadModel("embedder").error().message().find("not loaded"), std::string::npos);
  models.UseTorch(LoadTorchBackend());
  auto embedder = models.Embedder("embedder");
  ASSERT_TRUE(embedder.ok()) << embedder.error().message();
  EXPECT_EQ((*embedder)->tokenizer(), kHashedWordsTokenizer);
  // Written for this test, not drawn from the training data.
  std::vector<std::string_view> texts = {
      "Knead the dough, let the bread rise, then bake it in a hot oven with butter and garlic.",
      "Our chef's pasta recipe: simmer the tomato sauce, add cheese and serve with a salad.",
      "The striker scored a late goal and the team won the league championship final.",
      "Shares fell as investors worried about inflation, interest rates and bank earnings.",
  };
  auto vectors = EmbedTexts(**embedder, texts);
  ASSERT_TRUE(vectors.ok()) << vectors.error().message();
  ASSERT_EQ(vectors->size(), 4u);
  for (const auto& vector : *vectors) {
    ASSERT_EQ(vector.size(), 64u);
    EXPECT_NEAR(Cosine(vector, vector), 1.0f, 1e-5);
  }
  float cooking = Cosine((*vectors)[0], (*vectors)[1]);
  EXPECT_GT(cooking, Cosine((*vectors)[0], (*vectors)[2]));
  EXPECT_GT(cooking, Cosine((*vectors)[0], (*vectors)[3]));
  EXPECT_GT(cooking, Cosine((*vectors)[1], (*vectors)[2]));
  // A batch is the texts one by one: nothing of one text leaks into another's vector.
  auto alone = EmbedTexts(**embedder, {texts[2]});
  ASSERT_TRUE(alone.ok());
  for (size_t i = 0; i < 64; ++i)
    EXPECT_NEAR(alone->front()[i], (*vectors)[2][i], 1e-5);
  EXPECT_FALSE(EmbedTexts(**embedder, {"...", texts[0]}).ok());
  EXPECT_TRUE(models.WarmupModel("embedder").ok());
}

class BrokenModels : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/nexus-models-XXXXXX";
    directory_ = mkdtemp(pattern);
    (void)!system(("cp -r " + BuiltModels() + "/intent " + BuiltModels() + "/embedder " +
                   directory_ + "/").c_str());
  }
  void TearDown() override { (void)!system(("rm -rf " + directory_).c_str()); }
  std::string Error(const std::string& id) {
    ModelManager models(directory_, Backends());
    models.UseTorch(LoadTorchBackend());
    auto status = models.LoadModel(id);
    return status.ok() ? "loaded" : status.error().message();
  }
  std::string directory_;
};

TEST_F(BrokenModels, AModelWithAnotherChecksumIsRefused) {
  std::fstream file(directory_ + "/intent/model.bin", std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(1000);
  file.put('\x42');
  file.close();
  EXPECT_NE(Error("intent").find("SHA-256"), std::string::npos) << Error("intent");
}

TEST_F(BrokenModels, AFileThatIsNotTorchScriptIsRefusedWithTheReason) {
  std::string model = directory_ + "/embedder/model.pt";
  std::ofstream(model, std::ios::trunc) << "PK but not a TorchScript archive";
  std::string manifest = directory_ + "/embedder/manifest.json";
  std::ifstream in(manifest);
  std::stringstream text;
  text << in.rdbuf();
  std::string json = text.str();
  size_t sha = json.find("\"sha256\": \"") + 11;
  json.replace(sha, 64, Backends().Sha256Hex("PK but not a TorchScript archive"));
  std::ofstream(manifest, std::ios::trunc) << json;
  EXPECT_NE(Error("embedder").find("model embedder: not a usable TorchScript model"),
            std::string::npos)
      << Error("embedder");
}

TEST_F(BrokenModels, MissingFilesAndBadManifestsAreClearErrors) {
  EXPECT_NE(Error("nope").find("No such file"), std::string::npos) << Error("nope");
  EXPECT_NE(Error("../etc").find("no model"), std::string::npos);
  std::ofstream(directory_ + "/intent/manifest.json") << "{\"id\": \"intent\"}";
  EXPECT_NE(Error("intent").find("manifest has no text field"), std::string::npos) << Error("intent");
  std::ofstream(directory_ + "/intent/manifest.json")
      << R"({"id":"intent","task":"x","backend":"fasttext","file":"../../etc/passwd",)"
      << R"("sha256":"","licence":""})";
  EXPECT_NE(Error("intent").find("must be a file in the model's directory"), std::string::npos)
      << Error("intent");
  std::ofstream(directory_ + "/intent/manifest.json")
      << R"({"id":"intent","task":"x","backend":"onnx","file":"model.bin","sha256":"","licence":""})";
  EXPECT_NE(Error("intent").find("no backend 'onnx'"), std::string::npos) << Error("intent");
}

TEST(AiModels, ManifestsAreParsedStrictly) {
  EXPECT_FALSE(ParseManifest("not json").ok());
  EXPECT_FALSE(ParseManifest("[1,2]").ok());
  auto good = ParseManifest(
      R"({"id":"m","task":"t","backend":"fasttext","file":"f.bin","sha256":"ab","licence":"MIT"})");
  ASSERT_TRUE(good.ok()) << good.error().message();
  EXPECT_EQ(good->file, "f.bin");
}

}  // namespace
}  // namespace nexus::ai
