package dev.graft.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The playground at {@code /} in headless Chromium (Debian's {@code chromium}): the NLI form draws its
 * label bars and the generation box fills from the stream. A screenshot is kept in
 * {@code app-serve/target/playground/}. Without Chromium the test fails under CI=true and is skipped
 * (with the reason) elsewhere.
 */
class PlaygroundBrowserTest {
    static final Path ARTEFACTS = Path.of("target", "playground");
    static String chromium;

    @BeforeAll
    static void findChromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    chromium = Path.of(dir, name).toString();
                    return;
                }
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("chromium is not installed but CI=true: the playground test needs it (apt-get install -y chromium; .ci/run does this)");
        }
        Assumptions.abort("skipped: chromium not on PATH (apt-get install -y chromium to run the playground test)");
    }

    @Test
    void nliFormDrawsTheLabelBars() throws Exception {
        try (Server s = Server.start(ServeConfig.local(TestModels.classifier())); Cdp browser = new Cdp(chromium)) {
            browser.navigate(s.url() + "/?run=1&premise=A%20man%20plays%20a%20guitar.&hypothesis=Someone%20makes%20music.");
            assertThat(browser.waitFor("document.body.dataset.state || ''", "classified")).isEqualTo("classified");
            assertThat(browser.eval("document.querySelectorAll('#labels .bar').length")).isEqualTo("3");
            assertThat(browser.eval("[...document.querySelectorAll('#labels .name')].map(e => e.textContent).sort().join(',')"))
                    .isEqualTo("contradiction,entailment,neutral");
            // The first bar is the most probable, and its width is its probability.
            String first = browser.eval("document.querySelector('#labels .fill').style.width");
            String value = browser.eval("document.querySelector('#labels .value').textContent");
            assertThat(first).isEqualTo(value);
            assertThat(browser.eval("document.getElementById('model').textContent")).isEqualTo("Model: bert-seqcls (classify)");
            Path shot = ARTEFACTS.resolve("playground-classify.png");
            browser.screenshot(shot);
            assertThat(Files.size(shot)).isGreaterThan(5_000);
        }
    }

    @Test
    void generationBoxFillsFromTheStream() throws Exception {
        try (Server s = Server.start(ServeConfig.local(TestModels.generator())); Cdp browser = new Cdp(chromium)) {
            browser.navigate(s.url() + "/?run=1&prompt=The%20cat%20sleeps&max-tokens=24&temperature=0");
            assertThat(browser.waitFor("document.body.dataset.state || ''", "generated")).isEqualTo("generated");
            String shown = browser.eval("document.getElementById('output').textContent");
            String expected = Http.post(s.url() + "/v1/completions",
                    "{\"prompt\": \"The cat sleeps\", \"max_tokens\": 24, \"temperature\": 0}").json()
                    .get("choices").get(0).get("text").asText();
            assertThat(shown).isNotBlank().isEqualTo(expected);
            browser.eval("document.getElementById('output').scrollIntoView()");
            browser.screenshot(ARTEFACTS.resolve("playground-generate.png"));
        }
    }
}
